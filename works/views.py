"""Infrastructure works pages: list with filters and totals by type, forms, start /
complete buttons, Excel export.  Writes go through ``works.actions``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.scope import MANAGE_ROLES, can_manage, role_of
from audit.models import Channel
from records.actions import Refused
from records.pages import (
    SortColumn,
    filtered,
    form_page,
    get_scoped_or_404,
    history,
    plain,
    run_step,
    saved,
    sorted_page,
    xlsx_response,
)

from . import actions
from .figures import type_totals
from .forms import CompleteForm, StartForm, WorkForm
from .models import Work, WorkStatus, WorkType

FORM = Channel.FORM
STATUS_CLASS = {WorkStatus.PLANNED: "status-warn", WorkStatus.UNDER_CONSTRUCTION: "status-warn",
                WorkStatus.COMPLETED: "status-ok"}


COLUMNS = [SortColumn("Công trình", "ten", ("name",)), SortColumn("Loại", "loai", ("work_type",)),
           SortColumn("Địa bàn", "dia_ban", ("unit__code",)),
           SortColumn("Chiều dài (km)", "chieu_dai", ("length_km",), num=True),
           SortColumn("Nguồn vốn", "nguon_von", ("funding_source",)),
           SortColumn("Trạng thái", "trang_thai", ("status",)),
           SortColumn("Hoàn thành", "hoan_thanh", ("completed_on",))]


def _crumbs(*items) -> list[dict]:
    return [{"label": "Công trình hạ tầng", "url": reverse("works:index")},
            *[{"label": a, "url": b} for a, b in items]]


def _works(request: HttpRequest):
    qs, f = filtered(request, Work.objects.select_related("unit"),
                     {"loai": ("work_type", WorkType.values), "trang_thai": ("status", WorkStatus.values)},
                     ["q", "nam"])
    if f["q"]:
        qs = qs.filter(Q(name__icontains=f["q"]) | Q(programme_name__icontains=f["q"]))
    if f["nam"].isdigit():
        qs = qs.filter(completed_on__year=int(f["nam"]))
    return qs, f


@login_required
def index(request: HttpRequest) -> HttpResponse:
    qs, filters = _works(request)
    return render(request, "works/index.html", {
        **sorted_page(request, qs.prefetch_related("communes"), COLUMNS),
        "filters": filters, "totals": type_totals(qs), "types": WorkType.choices, "statuses": WorkStatus.choices,
        "status_class": STATUS_CLASS, "can_manage": role_of(request.user) in MANAGE_ROLES,
        "breadcrumbs": _crumbs(("Danh sách", None)),
    })


@login_required
def export(request: HttpRequest) -> HttpResponse:
    qs, _f = _works(request)
    headers = ["Tên công trình", "Loại", "Địa bàn", "Mã đơn vị", "Các xã", "Số công trình", "Chiều dài (km)",
               "Quy mô", "Đơn vị quy mô", "Nguồn vốn", "Chương trình, đề án", "Tổng mức đầu tư (triệu đồng)",
               "Trạng thái", "Ngày khởi công", "Hoàn thành từ ngày", "Ngày hoàn thành", "Ghi chú", "Nguồn"]
    rows = ([w.name, w.get_work_type_display(), w.unit.name, w.unit.code, ", ".join(c.name for c in w.communes.all()),
             w.works_count, plain(w.length_km), plain(w.capacity), w.capacity_measure, w.get_funding_source_display(),
             w.programme_name, plain(w.investment), w.get_status_display(), w.started_on, w.completed_from,
             w.completed_on, w.note, w.source]
            for w in qs.prefetch_related("communes").order_by("unit__code", "name"))
    return xlsx_response("cong-trinh-ha-tang", [("Công trình", headers, rows)])


def _form_page(request, form, title, cancel, obj=None):
    return form_page(request, form, title, cancel, _crumbs((title, None)), obj)


def _fields(d: dict) -> dict:
    keys = ("name", "work_type", "works_count", "length_km", "capacity", "capacity_measure", "funding_source",
            "programme_name", "investment", "note")
    return {k: d[k] for k in keys}


@login_required
def work_new(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in MANAGE_ROLES:
        return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    form = WorkForm(request.POST or None, user=request.user)

    def save(d):
        if not can_manage(request.user, d["unit"]):
            return form.add_error("unit", "Bạn không quản lý công trình tại đơn vị này.")
        return actions.do_save_work(user=request.user, channel=FORM, unit=d["unit"], communes=d["communes"],
                                    status=d["status"], started_on=d["started_on"], completed_on=d["completed_on"],
                                    **_fields(d))

    work = saved(request, form, save, "Đã ghi công trình.")
    if work is not None:
        return redirect("works:detail", pk=work.pk)
    return _form_page(request, form, "Thêm công trình", reverse("works:index"))


@login_required
def work_edit(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_scoped_or_404(Work.objects.select_related("unit"), request.user, pk)
    if not can_manage(request.user, work.unit):
        return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    initial = {f: getattr(work, f) for f in ("name", "work_type", "works_count", "length_km", "capacity",
                                             "capacity_measure", "funding_source", "programme_name", "investment",
                                             "status", "started_on", "completed_on", "note")}
    initial |= {"unit": work.unit.code, "communes": ", ".join(work.communes.values_list("code", flat=True))}
    form = WorkForm(request.POST or None, user=request.user, initial=initial if request.method == "GET" else None)
    form.fields["status"].disabled = True
    form.fields["status"].help_text = "Đổi trạng thái bằng các nút Khởi công / Hoàn thành ở trang công trình."
    if saved(request, form, lambda d: actions.do_save_work(
            work, user=request.user, channel=FORM, unit=d["unit"], communes=d["communes"],
            started_on=d["started_on"], completed_on=d["completed_on"], source=work.source, **_fields(d)),
            "Đã lưu công trình."):
        return redirect("works:detail", pk=work.pk)
    return _form_page(request, form, "Sửa công trình", reverse("works:detail", args=[work.pk]), obj=work)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_scoped_or_404(Work.objects.select_related("unit", "project"), request.user, pk)
    steps = []
    if can_manage(request.user, work.unit):
        if work.status == WorkStatus.PLANNED:
            steps.append({"form": StartForm(prefix="khoi-cong"), "title": "Khởi công",
                          "url": reverse("works:step", args=[pk, "khoi-cong"]), "cls": "primary"})
        if work.status == WorkStatus.UNDER_CONSTRUCTION:
            steps.append({"form": CompleteForm(prefix="hoan-thanh"), "title": "Hoàn thành",
                          "url": reverse("works:step", args=[pk, "hoan-thanh"]), "cls": "primary"})
    return render(request, "works/detail.html", {
        "work": work, "communes": work.communes.all(), "steps": steps, "history": history(work),
        "status_class": STATUS_CLASS.get(work.status), "can_manage": can_manage(request.user, work.unit),
        "breadcrumbs": _crumbs((work.name, None)),
    })


@login_required
@require_POST
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    work = get_scoped_or_404(Work.objects.select_related("unit"), request.user, pk)
    form_cls = {"khoi-cong": StartForm, "hoan-thanh": CompleteForm}.get(step)
    if form_cls is None:
        return redirect("works:detail", pk=pk)
    form = form_cls(request.POST, prefix=step)
    with run_step(request, "Đã cập nhật trạng thái công trình."):
        if not form.is_valid():
            raise Refused([f"{form.fields[n].label}: {e}" for n, errs in form.errors.items() for e in errs])
        if step == "khoi-cong":
            actions.do_start(work, user=request.user, channel=FORM, **form.cleaned_data)
        else:
            actions.do_complete(work, user=request.user, channel=FORM, **form.cleaned_data)
    return redirect("works:detail", pk=pk)
