"""Capital pages: allocated, disbursed and % of plan per line, per programme and per
unit — to date or for any period — the entries behind them, forms and the Excel export.

The figures come from ``capital.providers`` (the same functions that feed the
CAPITAL_ALLOCATED / CAPITAL_DISBURSED indicators); the views only lay them out.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.scope import MANAGE_ROLES, can_manage, role_of
from audit.models import Channel
from records.actions import Refused
from records.pages import (
    SortColumn,
    get_scoped_or_404,
    history,
    period_filter,
    plain,
    scoped,
    sorted_page,
    unit_choices,
    unit_filter,
    xlsx_response,
)

from . import actions
from . import providers as figures
from .forms import DisbursementForm, PlanLineForm
from .models import Disbursement, PlanLine, Project
from .scope import shown_programmes

FORM = Channel.FORM


_PROJECT, _UNIT = SortColumn("Chương trình, dự án", "du_an", ("project__name",)), SortColumn("Đơn vị", "don_vi",
                                                                                           ("unit__code",))
PLAN_COLUMNS = [_PROJECT, _UNIT, SortColumn("Năm", "nam", ("year",)),
                SortColumn("Nguồn vốn", "nguon", ("funding_source",)),
                SortColumn("Vốn phân bổ (triệu đồng)", "von", ("amount",), num=True), SortColumn("Quyết định")]
DISBURSEMENT_COLUMNS = [_PROJECT, _UNIT, SortColumn("Ngày", "ngay", ("disbursed_on",)),
                        SortColumn("Nguồn vốn", "nguon", ("funding_source",)),
                        SortColumn("Số tiền (triệu đồng)", "so_tien", ("amount",), num=True), SortColumn("Ghi chú")]


def _crumbs(*items) -> list[dict]:
    return [{"label": "Vốn đầu tư", "url": reverse("capital:index")}, *[{"label": a, "url": b} for a, b in items]]


def _records(request: HttpRequest):
    plans = scoped(PlanLine.objects.all(), request.user)
    disbs = scoped(Disbursement.objects.all(), request.user)
    unit, uq = unit_filter(request)
    plans, disbs = plans.filter(uq), disbs.filter(uq)
    programme = (request.GET.get("chuong_trinh") or "").strip()
    if programme.isdigit():
        ids = _subtree(int(programme))
        plans, disbs = plans.filter(project_id__in=ids), disbs.filter(project_id__in=ids)
    return plans, disbs, {"don_vi": unit.code if unit else "", "chuong_trinh": programme}


def _programmes(user) -> list[Project]:
    return shown_programmes(user)


def _subtree(pk: int) -> list[int]:
    projects = list(Project.objects.values_list("pk", "parent_id"))
    found, stack = set(), [pk]
    while stack:
        p = stack.pop()
        if p not in found:
            found.add(p)
            stack.extend(c for c, parent in projects if parent == p)
    return sorted(found)


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    raw = (request.GET.get("den_ngay") or "").strip()
    if not raw:
        return dt.date.today(), ""
    try:
        return dt.date.fromisoformat(raw), raw
    except ValueError:
        return dt.date.today(), raw


@login_required
def index(request: HttpRequest) -> HttpResponse:
    plans, disbs, filters = _records(request)
    period, period_error = period_filter(request)
    as_of, filters["den_ngay"] = _as_of(request)
    filters["ky"] = request.GET.get("ky", "")
    lines = figures.by_line(plans, disbs, period, as_of)
    total = figures.Figure(label="Tổng cộng")
    for f in lines:
        total.add(f)
    return render(request, "capital/index.html", {
        "lines": lines, "programmes": figures.by_programme(lines), "units_table": figures.by_unit(lines),
        "total": total, "period": period, "period_error": period_error, "as_of": as_of, "filters": filters,
        "roots": _programmes(request.user),
        "query": request.GET.urlencode(), "can_manage": role_of(request.user) in MANAGE_ROLES,
        "breadcrumbs": _crumbs(("Giải ngân so với kế hoạch", None)),
    })


@login_required
def export(request: HttpRequest) -> HttpResponse:
    plans, disbs, _f = _records(request)
    period, _e = period_filter(request)
    as_of, _raw = _as_of(request)
    lines = figures.by_line(plans, disbs, period, as_of)
    span = period.name if period else f"Lũy kế đến {as_of:%d/%m/%Y}"
    headers = ["Chương trình, dự án", "Đơn vị", "Mã đơn vị", "Nguồn vốn", "Vốn phân bổ (triệu đồng)",
               "Đã giải ngân (triệu đồng)", "Tỷ lệ giải ngân (%)", "Kỳ"]

    def rows(figs, with_unit=True):
        for f in figs:
            yield [f.label, f.unit.name if with_unit and f.unit else "", f.unit.code if with_unit and f.unit else "",
                   f.funding_source_label, plain(f.allocated), plain(f.disbursed),
                   plain(round(f.pct, 2)) if f.pct is not None else None, span]

    entries_h = ["Loại", "Chương trình, dự án", "Đơn vị", "Mã đơn vị", "Năm / ngày", "Từ ngày", "Số tiền (triệu đồng)",
                 "Nguồn vốn", "Ghi chú", "Nguồn"]
    entries = [["Kế hoạch vốn", p.project.name, p.unit.name, p.unit.code, p.year, None, plain(p.amount),
                p.get_funding_source_display(), p.note, p.source]
               for p in plans.select_related("project", "unit")]
    entries += [["Giải ngân", d.project.name, d.unit.name, d.unit.code, d.disbursed_on, d.disbursed_from,
                 plain(d.amount), d.get_funding_source_display(), d.note, d.source]
                for d in disbs.select_related("project", "unit")]
    return xlsx_response("von-dau-tu", [
        ("Theo dòng vốn", headers, rows(lines)),
        ("Theo chương trình", headers, rows(figures.by_programme(lines), with_unit=False)),
        ("Số liệu gốc", entries_h, entries),
    ])


@login_required
def entries(request: HttpRequest) -> HttpResponse:
    plans, disbs, filters = _records(request)
    kind = request.GET.get("loai", "giai-ngan")
    qs = (plans.select_related("project", "unit").order_by("project__sort_order", "unit__code", "year")
          if kind == "ke-hoach" else disbs.select_related("project", "unit"))
    return render(request, "capital/entries.html", {
        **sorted_page(request, qs, PLAN_COLUMNS if kind == "ke-hoach" else DISBURSEMENT_COLUMNS), "kind": kind,
        "filters": filters,
        "can_manage": role_of(request.user) in MANAGE_ROLES,
        "breadcrumbs": _crumbs(("Số liệu kế hoạch vốn, giải ngân", None)),
    })


def _save(request, form_cls, obj, save, title, initial, back):
    if role_of(request.user) not in MANAGE_ROLES or (obj is not None and not can_manage(request.user, obj.unit)):
        return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    form = form_cls(request.POST or None, user=request.user, initial=initial if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except Refused as e:
            form.refuse(e)
        else:
            messages.success(request, "Đã lưu.")
            return redirect(back(saved))
    return render(request, "records/form.html", {
        "form": form, "title": title, "obj": obj, "cancel_url": reverse("capital:entries"),
        "units": unit_choices(request.user), "breadcrumbs": _crumbs((title, None)),
    })


def _entries_url(kind):
    return lambda saved: reverse("capital:entries") + f"?loai={kind}"


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    return _save(request, PlanLineForm, None,
                 lambda d: actions.do_save_plan_line(user=request.user, channel=FORM, **d),
                 "Thêm dòng kế hoạch vốn", {"year": dt.date.today().year}, _entries_url("ke-hoach"))


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_scoped_or_404(PlanLine.objects.select_related("project", "unit"), request.user, pk)
    initial = {f: getattr(line, f) for f in ("project", "year", "funding_source", "amount", "decision_number",
                                             "decided_on", "note")} | {"unit": line.unit.code}
    return _save(request, PlanLineForm, line,
                 lambda d: actions.do_save_plan_line(line, user=request.user, channel=FORM, source=line.source, **d),
                 "Sửa dòng kế hoạch vốn", initial, _entries_url("ke-hoach"))


@login_required
def disbursement_new(request: HttpRequest) -> HttpResponse:
    return _save(request, DisbursementForm, None,
                 lambda d: actions.do_save_disbursement(user=request.user, channel=FORM, **d),
                 "Ghi giải ngân", {"disbursed_on": dt.date.today()}, _entries_url("giai-ngan"))


@login_required
def disbursement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_scoped_or_404(Disbursement.objects.select_related("project", "unit"), request.user, pk)
    initial = {f: getattr(entry, f) for f in ("project", "funding_source", "disbursed_on", "amount", "plan_year",
                                              "note")} | {"unit": entry.unit.code}
    if entry.disbursed_from != entry.disbursed_on:
        initial["disbursed_from"] = entry.disbursed_from
    return _save(request, DisbursementForm, entry,
                 lambda d: actions.do_save_disbursement(entry, user=request.user, channel=FORM, source=entry.source,
                                                        **d),
                 "Sửa số liệu giải ngân", initial, _entries_url("giai-ngan"))


@login_required
def entry(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = PlanLine if kind == "ke-hoach" else Disbursement
    obj = get_scoped_or_404(model.objects.select_related("project", "unit"), request.user, pk)
    return render(request, "capital/entry.html", {
        "obj": obj, "kind": kind, "history": history(obj), "can_manage": can_manage(request.user, obj.unit),
        "breadcrumbs": _crumbs(("Số liệu", reverse("capital:entries") + f"?loai={kind}"), (str(obj), None)),
    })


@login_required
@require_POST
def entry_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = PlanLine if kind == "ke-hoach" else Disbursement
    obj = get_scoped_or_404(model.objects.select_related("unit"), request.user, pk)
    actions.do_delete(obj, user=request.user, channel=FORM, reason=request.POST.get("reason", ""))
    messages.success(request, "Đã xóa.")
    return redirect(reverse("capital:entries") + f"?loai={kind}")
