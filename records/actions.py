"""The action skeleton of the record apps: every ``do_*`` action checks the user's scope
(``require``), validates (``Refused`` with Vietnamese reasons, nothing written), writes,
audits (``audit``: one row through ``audit.recording.log_change``) and compares
snapshots (``snapshot``) so that an unchanged save writes nothing.  ``save_record`` runs
the whole skeleton for the plain "create or correct a record" action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.db.models import Q

from units.models import Unit

from .models import Coverage
from .spans import check_span  # noqa: F401  (validation helpers of the actions)


class Refused(Exception):
    """A ``do_*`` action refused: nothing was written.  ``reasons`` are Vietnamese sentences."""

    def __init__(self, reasons: list[str] | str):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__(" ".join(self.reasons))


def snapshot(obj: models.Model | None) -> dict | None:
    """The record's fields for the audit trail (the automatic ``updated_at`` left out)."""
    from audit.recording import snapshot as full

    if obj is None:
        return None
    data = full(obj)
    data.pop("updated_at", None)
    return data


def audit(obj: models.Model, old: dict | None, *, user, channel: str, action: str, reason: str = "",
          unit_code: str | None = None) -> None:
    """One audit row for a record change (through ``audit.recording.log_change``)."""
    from audit.recording import log_change

    if unit_code is None:
        unit = getattr(obj, "unit", None)
        unit_code = unit.code if unit is not None else ""
    new = None if action == "delete" else snapshot(obj)
    log_change(user=user, channel=channel, action=action, obj=obj, old=old, new=new, unit_code=unit_code,
               reason=reason)


def require(check, user, unit: Unit, what: str) -> None:
    """Refuse an action of a signed-in user outside their rights (system and demo writes pass user=None)."""
    if user is None:
        return
    if not check(user, unit):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(f"Bạn không có quyền {what} tại {unit.name}.")


def coverage_model(register: str) -> type[Coverage]:
    """The proxy of ``Coverage`` an app declares for ``register`` (``Coverage`` when none does)."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy and issubclass(model, Coverage) and register in model.objects.registers():
            return model
    return Coverage


@transaction.atomic
def do_declare_coverage(*, user, channel: str, register: str, unit: Unit, since: dt.date,
                        until: dt.date | None = None, note: str = "", model: type[Coverage] | None = None) -> Coverage:
    """Declare that every record of ``register`` for ``unit`` is kept in the system from ``since``
    (until ``until``); declarations of one register and unit never overlap.  ``model`` is the
    proxy the declaration is audited under (default: the app's proxy for the register)."""
    from accounts.scope import can_manage
    from audit.models import Action

    require(can_manage, user, unit, "khai báo địa bàn quản lý hồ sơ")
    if until is not None and until < since:
        raise Refused("Ngày kết thúc trước ngày bắt đầu.")
    overlapping = Coverage.objects.filter(register=register, unit=unit).exclude(since=since).filter(
        Q(until__isnull=True) | Q(until__gte=since))
    if until is not None:
        overlapping = overlapping.filter(Q(since__isnull=True) | Q(since__lte=until))
    if overlapping.exists():
        raise Refused(f"{unit.name} đã được khai báo quản lý loại hồ sơ này trong khoảng thời gian trùng lặp.")
    model = model or coverage_model(register)
    row = model.objects.filter(register=register, unit=unit, since=since).first()
    old = snapshot(row) if row else None
    if row is None:
        row = model(register=register, unit=unit, since=since)
    row.until, row.note = until, note
    if old is None or snapshot(row) != old:
        row.save()
        audit(row, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Khai báo địa bàn quản lý hồ sơ trên hệ thống")
    return row


def _pks(values) -> list[int]:
    return sorted(v.pk for v in values)


@transaction.atomic
def save_record(obj: models.Model | None, *, model: type[models.Model], user, channel: str, unit: Unit,
                values: dict, what: str, what_edit: str | None = None, check=None, reason: str = "",
                validate: Callable[[models.Model], list[str]] | None = None,
                related: dict[str, list | None] | None = None, allowed: Iterable[str] | None = None,
                prepare: Callable[[models.Model, bool], None] | None = None) -> tuple[models.Model, bool]:
    """Create a record (``obj`` None) or correct one: the skeleton every plain save follows.

    1. scope — the existing record is locked and its unit checked (``what_edit``), then
       the new unit (``what``), with ``check`` (default ``accounts.scope.can_manage``);
    2. validate — unknown fields are refused, ``values`` set, ``prepare(obj, creating)``
       run, ``validate(obj)`` returns Vietnamese problems: any problem raises ``Refused``
       and nothing is written;
    3. write — only when the snapshot (or a many-to-many of ``related``) changed;
    4. audit — one row (create or update) with ``reason``.
    Returns ``(record, changed)``."""
    if check is None:
        from accounts.scope import can_manage as check
    from audit.models import Action

    if allowed is not None:
        unknown = set(values) - set(allowed)
        if unknown:
            raise Refused("Không có trường: " + ", ".join(sorted(unknown)))
    creating = obj is None
    if not creating:
        obj = model.objects.select_for_update().get(pk=obj.pk)
        require(check, user, obj.unit, what_edit or what)
    require(check, user, unit, what)
    old = None if creating else snapshot(obj)
    related = {k: v for k, v in (related or {}).items() if v is not None}
    old_related = {k: [] if creating else sorted(getattr(obj, k).values_list("pk", flat=True)) for k in related}
    obj = obj if obj is not None else model()
    obj.unit = unit
    for k, v in values.items():
        setattr(obj, k, v)
    if prepare is not None:
        prepare(obj, creating)
    problems = validate(obj) if validate is not None else []
    if problems:
        raise Refused(problems)
    if old is not None and snapshot(obj) == old and all(_pks(related[k]) == old_related[k] for k in related):
        return obj, False
    obj.save()
    for k, v in related.items():
        getattr(obj, k).set(v)
    audit(obj, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
          reason=reason)
    return obj, True


@transaction.atomic
def apply_step(obj: models.Model, *, user, channel: str, what: str, reason: str, apply: Callable[[models.Model], None],
             check=None, only_if_changed: bool = False, select_related: tuple[str, ...] = ("unit",)) -> models.Model:
    """A workflow step on one record: lock it, check the scope, ``apply`` the change (it
    raises ``Refused`` to refuse), save and audit (``only_if_changed``: nothing when the
    snapshot is the same)."""
    if check is None:
        from accounts.scope import can_manage as check
    from audit.models import Action

    obj = type(obj).objects.select_for_update().select_related(*select_related).get(pk=obj.pk)
    require(check, user, obj.unit, what)
    old = snapshot(obj)
    apply(obj)
    if only_if_changed and snapshot(obj) == old:
        return obj
    obj.save()
    audit(obj, old, user=user, channel=channel, action=Action.UPDATE, reason=reason)
    return obj


def non_negative(obj: models.Model, names: Iterable[str]) -> list[str]:
    """"<Field> không được âm." for every named field of ``obj`` below zero."""
    out = []
    for name in names:
        v = getattr(obj, name)
        if v is not None and v < 0:
            out.append(f"{obj._meta.get_field(name).verbose_name.capitalize()} không được âm.")
    return out


def inside(unit: Unit, root: Unit) -> bool:
    return unit.code == root.code or unit.code.startswith(root.code + ".")
