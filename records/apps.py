"""The app configs of the record framework.

``RecordAppConfig`` is the base of every record-keeping app's AppConfig: it declares,
as class attributes, what the app brings and registers it when the app is ready —

* ``registers`` — the app's registers (``(code, label)`` pairs or the dotted path of a
  ``TextChoices``), offered by ``records.models.Coverage``; by convention
  ``<app>.models.Register``;
* ``providers`` — the dotted path of its ``{indicator code: provider}`` dict
  (``engine.providers``); by convention ``<app>.providers.PROVIDERS``;
* ``demo`` — the dotted path of its demo loader (``demo.hooks``); by convention
  ``<app>.demo.load_demo_<app>``;
* ``nav`` — its menu entries ``(label, url name, order[, roles])``, which ``web``
  reads from every app config (a domain app never imports ``web``).
"""

import importlib
import importlib.util

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def declared(dotted: str):
    """``module.name`` -> the object, or None when the module or the name does not exist."""
    module, _dot, name = dotted.rpartition(".")
    if importlib.util.find_spec(module) is None:
        return None
    return getattr(importlib.import_module(module), name, None)


class RecordsConfig(AppConfig):
    """The record framework under every record-keeping app (see ``records/__init__.py``)."""

    default = True  # the config of this app (RecordAppConfig below is the base of the others)
    name = "records"
    verbose_name = _("Khung hồ sơ")


class RecordAppConfig(AppConfig):
    """Subclass it as ``records.apps.RecordAppConfig`` (through the module, so that Django
    finds only the subclass in the app's apps.py)."""

    registers = None
    providers: str | None = None
    demo: str | None = None
    nav: tuple = ()

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        for attr, default in (("registers", "models.Register"), ("providers", "providers.PROVIDERS"),
                              ("demo", f"demo.load_demo_{self.label}")):
            if getattr(self, attr) is None:
                setattr(self, attr, f"{self.name}.{default}")

    def _declared(self, attr: str):
        """The object a dotted-path attribute names (None when the app has no such module or name;
        an error inside an existing module is raised, never hidden)."""
        return declared(getattr(self, attr))

    def ready(self) -> None:
        providers = self._declared("providers") if self.providers else None
        if providers:
            from engine.providers import register

            for code, provider in providers.items():
                register(code, provider)
        loader = self._declared("demo") if self.demo else None
        if loader is not None:
            from demo.hooks import register as register_demo

            register_demo(self.label, loader)
