"""The registers: each record-keeping app names the kinds of records it keeps on its
AppConfig (``registers``: a sequence of ``(code, label)`` pairs, or the dotted path of
a ``TextChoices`` class), and ``Coverage.register`` offers them all."""

from __future__ import annotations

from django.apps import apps


def _declared(config) -> list[tuple[str, str]]:
    declared = getattr(config, "registers", None)
    if not declared:
        return []
    if isinstance(declared, str):
        from .apps import declared as named

        choices = named(declared)  # None: the convention (``<app>.models.Register``) where the app keeps none
        declared = choices.choices if choices is not None else []
    return [(str(code), label) for code, label in declared]


def register_choices() -> list[tuple[str, str]]:
    """Every register of the installed apps, in app order (the choices of ``Coverage.register``)."""
    out: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        out += _declared(config)
    return out


def register_label(code: str) -> str:
    return str(dict(register_choices()).get(code, code))


def record_registers() -> list[str]:
    """Codes of the registers counted by the record rule (``records.providers``): every
    register of an app whose AppConfig does not set ``coverage_rule`` to another rule."""
    return [code for config in apps.get_app_configs() if getattr(config, "coverage_rule", "records") == "records"
            for code, _label in _declared(config)]


def record_register_choices() -> list[tuple[str, str]]:
    codes = set(record_registers())
    return [(code, label) for code, label in register_choices() if code in codes]
