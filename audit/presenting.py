"""Audit rows as users read them: the object named as they name it, field labels, values formatted.

The stored rows keep machine data (``old`` / ``new`` as JSON with attribute names, ISO dates, plain
numbers); this module turns a page of them into Vietnamese text without changing them:

* a data value or a target: "Chỉ tiêu (nhóm) — đơn vị — kỳ";
* another record: its model's ``verbose_name`` and its ``str`` ("Báo cáo: BC_THANG_XA · Xã San Thàng · 202312 …"),
  or the verbose name and its number when it has been deleted;
* a field: its ``verbose_name``; a value: dd/mm/yyyy HH:MM, numbers in the Vietnamese style
  (``bacthang.lib.numbers``), Có/Không, the label of a choice, the related record's name, "—" when empty.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db import models
from django.utils import timezone

from bacthang.lib.numbers import format_number

from .models import Action, AuditEntry

EMPTY = "—"
VALUE_TYPES = ("datavalue", "target")
# Bookkeeping that says nothing to a reader.
HIDDEN = {"id", "version", "search_text", "created_at", "updated_at"}
OTHER_TYPES = {"api.token": "Mã truy cập API"}
VALUE_LABELS = {"value": "Giá trị", "comment": "Ghi chú", "source": "Nguồn"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Presented:
    entry: AuditEntry
    what: str
    changes: list[Change] = field(default_factory=list)

    def _text(self, side: str) -> str:
        if len(self.changes) == 1 and self.changes[0].label == VALUE_LABELS["value"]:
            return getattr(self.changes[0], side)  # a figure: the number alone
        return "; ".join(f"{c.label}: {getattr(c, side)}" for c in self.changes if getattr(c, side) != EMPTY) or EMPTY

    @property
    def old_text(self) -> str:
        return self._text("old")

    @property
    def new_text(self) -> str:
        return self._text("new")


def _model(object_type: str) -> type[models.Model] | None:
    if "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _number(value) -> str:
    try:
        return format_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _datetime(value) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


def _date(value) -> str:
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


class _Related:
    """Names of related records, fetched once per model for the whole page."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model, pk) -> None:
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            clean = set()
            for pk in pks:
                try:
                    clean.add(model._meta.pk.to_python(pk))
                except Exception:  # noqa: BLE001 — a malformed key in an old row is shown as it is
                    continue
            for pk, obj in model._default_manager.in_bulk(list(clean)).items():
                self.names[(model, str(pk))] = str(obj)

    def name(self, model, pk) -> str:
        return self.names.get((model, str(pk)), f"#{pk}")


def format_value(model_field: models.Field | None, value, related: _Related | None = None) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field is None:
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, (int, float, Decimal)):
            return _number(value)
        return str(value)
    if model_field.many_to_one or model_field.one_to_one:
        return related.name(model_field.related_model, value) if related else f"#{value}"
    if model_field.choices:
        labels = {str(k): str(v) for k, v in model_field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(model_field, models.BooleanField):
        return "Có" if value in (True, "true", "True", 1) else "Không"
    if isinstance(model_field, models.DateTimeField):
        return _datetime(value)
    if isinstance(model_field, models.DateField):
        return _date(value)
    if isinstance(model_field, (models.DecimalField, models.FloatField, models.IntegerField)):
        return _number(value)
    if isinstance(value, (dict, list)):
        return ", ".join(str(v) for v in (value.values() if isinstance(value, dict) else value)) or EMPTY
    return str(value)


def _fields_by_attname(model) -> dict[str, models.Field]:
    return {f.attname: f for f in model._meta.concrete_fields} if model else {}


def _label(name: str, model_field: models.Field | None) -> str:
    if model_field is not None:
        text = str(model_field.verbose_name)
        return text[:1].upper() + text[1:]
    return VALUE_LABELS.get(name, name)


def _keys(entry: AuditEntry) -> list[str]:
    old, new = entry.old or {}, entry.new or {}
    keys = list(dict.fromkeys([*old.keys(), *new.keys()]))
    keys = [k for k in keys if k not in HIDDEN]
    if entry.action == Action.UPDATE and entry.old is not None and entry.new is not None:
        keys = [k for k in keys if old.get(k) != new.get(k)]
    return keys


def present(entries: list[AuditEntry]) -> list[Presented]:
    """The page's rows, named and formatted (a bounded number of queries for the whole page)."""
    from indicators.models import Indicator, Option
    from units.models import Unit

    related = _Related()
    indicator_codes, option_codes, unit_codes = set(), set(), set()
    objects: dict[type[models.Model], set] = defaultdict(set)
    for e in entries:
        if e.object_type in VALUE_TYPES or e.indicator_code:
            indicator_codes.add(e.indicator_code)
            if e.option_code:
                option_codes.add((e.indicator_code, e.option_code))
            unit_codes.add(e.unit_code)
            continue
        model = _model(e.object_type)
        if model is None:
            continue
        if e.object_id is not None:
            objects[model].add(e.object_id)
        fields = _fields_by_attname(model)
        for key in _keys(e):
            f = fields.get(key)
            if f is not None and (f.many_to_one or f.one_to_one):
                for state in (e.old or {}, e.new or {}):
                    related.want(f.related_model, state.get(key))
    related.load()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=indicator_codes)
                  .select_related("disaggregation")}
    options = {}
    if option_codes:
        for o in Option.objects.filter(code__in={c for _, c in option_codes}).select_related("disaggregation"):
            options.setdefault(o.code, []).append(o)
    units = dict(Unit.objects.filter(code__in=unit_codes).values_list("code", "name"))
    names = {model: {str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(list(pks)).items()}
             for model, pks in objects.items()}

    out = []
    for e in entries:
        if e.object_type in VALUE_TYPES or e.indicator_code:
            out.append(Presented(e, _value_name(e, indicators, options, units), _value_changes(e)))
            continue
        model = _model(e.object_type)
        if model is None:
            out.append(Presented(e, OTHER_TYPES.get(e.object_type, e.object_type), []))
            continue
        kind = str(model._meta.verbose_name)
        kind = kind[:1].upper() + kind[1:]
        name = names.get(model, {}).get(str(e.object_id))
        what = f"{kind}: {name}" if name else (f"{kind} #{e.object_id}" if e.object_id is not None else kind)
        fields = _fields_by_attname(model)
        changes = []
        for key in _keys(e):
            f = fields.get(key)
            changes.append(Change(_label(key, f), format_value(f, (e.old or {}).get(key), related),
                                  format_value(f, (e.new or {}).get(key), related)))
        out.append(Presented(e, what, changes))
    return out


def _value_name(e: AuditEntry, indicators, options, units) -> str:
    from periods.codes import PeriodCodeError, parse_period

    indicator = indicators.get(e.indicator_code)
    name = indicator.name if indicator else e.indicator_code
    if e.option_code:
        option = next((o for o in options.get(e.option_code, [])
                       if indicator is None or o.disaggregation_id == indicator.disaggregation_id),
                      next(iter(options.get(e.option_code, [])), None))
        name += f" ({option.name if option else e.option_code})"
    try:
        period = parse_period(e.period_code).name if e.period_code else ""
    except PeriodCodeError:
        period = e.period_code
    parts = [name, units.get(e.unit_code, e.unit_code), period]
    return " — ".join(p for p in parts if p)


def _value_changes(e: AuditEntry) -> list[Change]:
    changes = []
    for key in _keys(e):
        if key not in VALUE_LABELS:
            continue
        old, new = (e.old or {}).get(key), (e.new or {}).get(key)
        fmt = _number if key == "value" else str
        changes.append(Change(VALUE_LABELS[key], EMPTY if old in (None, "") else fmt(old),
                              EMPTY if new in (None, "") else fmt(new)))
    return changes
