"""Page helpers the record apps share: scoped lookups that answer 404 outside the
user's scope, the unit and period filters, workflow steps run from a page, pagination,
the audit history of a record and Excel responses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpResponse
from django.utils.functional import Promise
from django.utils.text import slugify

from accounts.scope import can_read, readable_units
from audit.models import AuditEntry
from bacthang.lib.numbers import format_plain
from bacthang.lib.xlsx import workbook_bytes
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Level, Unit

from .actions import Refused

PAGE_SIZE = 50


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


def saved(request, form, save, success: str):
    """The POST of a record form: ``save(cleaned_data)`` writes through the app's action (it
    returns the record, or None after adding its own form errors); a refusal becomes form
    errors.  Returns the saved record (``success`` shown) or None (the form is shown again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        obj = save(form.cleaned_data)
    except Refused as e:
        form.refuse(e)
        return None
    if obj is not None:
        messages.success(request, success)
    return obj


def form_page(request, form, title: str, cancel: str, breadcrumbs: list[dict], obj=None):
    """A record form on the shared page (``records/form.html``, with the unit code picker)."""
    from django.shortcuts import render

    return render(request, "records/form.html", {
        "form": form, "title": title, "obj": obj, "cancel_url": cancel, "units": unit_choices(request.user),
        "breadcrumbs": breadcrumbs,
    })


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


SORT_PARAM, PAGE_PARAM = "sap_xep", "trang"


@dataclass(frozen=True)
class SortColumn:
    """A column of a record list: its Vietnamese header and, when sortable, the URL key
    (``?sap_xep=key``, ``?sap_xep=-key`` descending) and the fields it orders by."""

    label: str
    key: str = ""
    fields: tuple[str, ...] = ()
    num: bool = False


def page(request, qs, param: str = PAGE_PARAM):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get(param))


def query_without_page(request, param: str = PAGE_PARAM) -> str:
    q = request.GET.copy()
    q.pop(param, None)
    return q.urlencode()


def page_numbers(page) -> list[int | None]:
    """The page links to show: the first and last pages and two on each side of the current one (None: a gap)."""
    last, here = page.paginator.num_pages, page.number
    shown = sorted({1, last, *range(max(1, here - 2), min(last, here + 2) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def sorted_page(request, qs: QuerySet, columns: Sequence[SortColumn], *, page_param: str = PAGE_PARAM) -> dict:
    """A record list sorted by the column the user chose (``?sap_xep=``; the list's own order
    otherwise) and paginated (``?trang=``), with the table's headers and the page links; every
    link keeps the filters of the query string.  Context: ``page``, ``query``, ``headers``, ``pages``."""
    wanted = (request.GET.get(SORT_PARAM) or "").strip()
    desc, key = wanted.startswith("-"), wanted.lstrip("-")
    chosen = next((c for c in columns if c.key and c.key == key), None)
    if chosen is not None:
        qs = qs.order_by(*[("-" if desc else "") + f for f in chosen.fields], *(["-pk"] if desc else ["pk"]))
    headers = []
    for c in columns:
        h = {"label": c.label, "num": c.num, "url": None, "sort": None}
        if c.key:
            q = request.GET.copy()
            q.pop(page_param, None)
            active = chosen is c
            q[SORT_PARAM] = f"-{c.key}" if active and not desc else c.key
            h["url"] = "?" + q.urlencode()
            if active:
                h["sort"] = "descending" if desc else "ascending"
        headers.append(h)
    pg = page(request, qs, page_param)
    return {"page": pg, "query": query_without_page(request, page_param), "headers": headers, "pages": page_numbers(pg),
            "page_param": page_param}


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
