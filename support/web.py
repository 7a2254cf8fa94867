"""Pieces the pages of the record-keeping apps (support, capital, works, incidents) share:
form fields that read Vietnamese numbers and unit codes within the user's scope,
scoped lookups that answer 404 outside the scope, the period filter, the audit
history of a record and Excel responses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpResponse
from django.utils.functional import Promise
from django.utils.text import slugify

from accounts.scope import can_read, readable_units
from audit.models import AuditEntry
from bacthang.lib.numbers import NumberError, format_plain, parse_number
from bacthang.lib.xlsx import workbook_bytes
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Level, Unit

from .registers import Refused

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
PAGE_SIZE = 50


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(),
                           help_text=help_text)


class VnDecimalField(forms.CharField):
    """A number written the Vietnamese way (2.083,5) or plainly (2083.5), read by the one parser."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            from bacthang.lib.numbers import format_number

            return format_number(value, 6)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_number(value)
        except NumberError as e:
            raise forms.ValidationError(str(e)) from e


class VnIntegerField(VnDecimalField):
    """A whole number (heads, households, works) read by the one parser: 1.200 is one thousand two hundred."""

    def __init__(self, *args, min_value: int | None = 0, **kwargs):
        self.min_value = min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise forms.ValidationError("Cần một số nguyên.")
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(f"Cần một số không nhỏ hơn {self.min_value}.")
        return int(number)


class UnitCodeField(forms.CharField):
    """A unit by its code, only within the units the form's user may read."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", "Mã đơn vị, ví dụ 12.105.03409 (Xã San Thàng).")
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "unit-codes", "autocomplete": "off"}))
        self.user = None
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value.code if isinstance(value, Unit) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        unit = Unit.objects.filter(code=value.strip()).first()
        if unit is None or (self.user is not None and not can_read(self.user, unit)):
            raise forms.ValidationError(f"Không tìm thấy đơn vị «{value}» trong phạm vi phụ trách.")
        return unit


class ScopedForm(forms.Form):
    """A form whose unit fields only accept units the user reads."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for f in self.fields.values():
            if isinstance(f, UnitCodeField):
                f.user = user

    def refuse(self, exc: Refused) -> None:
        for reason in exc.reasons:
            self.add_error(None, reason)


def unit_choices(user, limit: int = 600) -> list[Unit]:
    """Units for the code picker (districts and communes the user reads)."""
    return list(readable(user).filter(level__in=[Level.PROVINCE, Level.DISTRICT, Level.COMMUNE])
                .order_by("code").only("code", "name")[:limit])


def readable(user) -> QuerySet:
    """``readable_units(user)``, built once per request user (it costs a few queries)."""
    cached = getattr(user, "_bacthang_readable_units", None)
    if cached is None:
        cached = readable_units(user)
        try:
            user._bacthang_readable_units = cached
        except AttributeError:  # AnonymousUser and other read-only objects
            pass
    return cached


def scoped(qs: QuerySet, user, field: str = "unit") -> QuerySet:
    return qs.filter(**{f"{field}__in": readable(user)})


def get_scoped_or_404(qs: QuerySet, user, pk, field: str = "unit") -> Model:
    obj = qs.filter(pk=pk).first()
    if obj is None or not can_read(user, getattr(obj, field)):
        raise Http404("Không tìm thấy bản ghi.")
    return obj


def unit_filter(request, field: str = "unit") -> tuple[Unit | None, Q]:
    """``?don_vi=12.105``: the unit's subtree (404 outside the user's scope)."""
    code = (request.GET.get("don_vi") or "").strip()
    if not code:
        return None, Q()
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_read(request.user, unit):
        raise Http404("Không tìm thấy đơn vị.")
    return unit, Q(**{f"{field}__code": unit.code}) | Q(**{f"{field}__code__startswith": unit.code + "."})


def period_filter(request) -> tuple[Period | None, str]:
    """``?ky=2023``: (the period, an error message)."""
    code = (request.GET.get("ky") or "").strip()
    if not code:
        return None, ""
    try:
        return Period.objects.for_code(code), ""
    except PeriodCodeError as e:
        return None, str(e)


@contextmanager
def run_step(request, success: str):
    """A workflow step run from a page: its refusal becomes error messages, else ``success``."""
    try:
        yield
    except Refused as e:
        for r in e.reasons:
            messages.error(request, r)
    else:
        messages.success(request, success)


def filtered(request, qs: QuerySet, choices: dict, extra: Sequence[str] = ()) -> tuple[QuerySet, dict]:
    """A list's rows in the user's scope, filtered by the query string: ``don_vi`` (a unit
    and its subtree) and, for each ``{param: (field, allowed values)}``, the rows whose field
    equals the param when it is an allowed value.  Returns the rows and the filter values
    (``extra`` params included, stripped) for the page's form."""
    qs = scoped(qs, request.user)
    unit, uq = unit_filter(request)
    qs = qs.filter(uq)
    f = {k: (request.GET.get(k) or "").strip() for k in (*choices, *extra)}
    for param, (field, allowed) in choices.items():
        if f[param] in allowed:
            qs = qs.filter(**{field: f[param]})
    f["don_vi"] = unit.code if unit else ""
    return qs, f


def page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))


def query_without_page(request) -> str:
    q = request.GET.copy()
    q.pop("trang", None)
    return q.urlencode()


def history(obj: Model) -> QuerySet:
    """The audit rows of a record, newest first."""
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk).order_by("-at", "-id")


def plain(value):
    """A Decimal as a number for Excel, None as an empty cell."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return Decimal(format_plain(value))
    return value


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    """An .xlsx download through the one Excel writer (every text cell guarded against formulas)."""
    def cells(rows):
        for row in rows:
            yield [str(c) if isinstance(c, Promise) else c for c in row]

    data = workbook_bytes((title, [str(h) for h in headers], cells(rows)) for title, headers, rows in sheets)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "bac-thang"}.xlsx"'
    return response
