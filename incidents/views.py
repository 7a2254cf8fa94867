"""Incident pages: animal disease outbreaks, forest-law violations and vaccination
campaigns — lists with filters, forms, status buttons and Excel export.  Writes go
through ``incidents.actions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.scope import MANAGE_ROLES, WRITE_ROLES, can_manage, can_read, can_write, readable_units, role_of
from audit.models import Channel
from records.actions import Refused
from records.pages import (
    SortColumn,
    filtered,
    form_page,
    get_scoped_or_404,
    history,
    period_filter,
    plain,
    run_step,
    saved,
    sorted_page,
    xlsx_response,
)
from records.spans import span_inside

from . import actions
from .figures import campaign_progress, violation_totals
from .forms import CampaignForm, ContainForm, HandleForm, OutbreakForm, VaccinatedForm, ViolationForm
from .models import (
    Disease,
    ForestViolation,
    Handling,
    Outbreak,
    OutbreakStatus,
    VaccinationCampaign,
    VaccinationProgress,
    ViolationType,
)

FORM = Channel.FORM


OUTBREAK_COLUMNS = [SortColumn("Bệnh", "benh", ("disease",)), SortColumn("Nơi phát hiện", "noi", ("unit__code",)),
                    SortColumn("Ngày phát hiện", "ngay", ("started_on",)),
                    SortColumn("Số hộ", "so_ho", ("households",), num=True),
                    SortColumn("Tiêu hủy (con)", "con", ("animals_culled",), num=True),
                    SortColumn("Tiêu hủy (kg)", "kg", ("culled_kg",), num=True),
                    SortColumn("Tình trạng", "tinh_trang", ("status",))]
VIOLATION_COLUMNS = [SortColumn("Hành vi", "hanh_vi", ("violation_type",)),
                     SortColumn("Địa bàn", "dia_ban", ("unit__code",)),
                     SortColumn("Ngày phát hiện", "ngay", ("detected_on",)),
                     SortColumn("Thiệt hại (ha)", "thiet_hai", ("damaged_area_ha",), num=True),
                     SortColumn("Xử lý", "xu_ly", ("handling",))]


def _crumbs(*items) -> list[dict]:
    return [{"label": "Dịch bệnh, vi phạm", "url": reverse("incidents:index")},
            *[{"label": a, "url": b} for a, b in items]]


def _forbidden(request):
    return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)


def _form_page(request, form, title, cancel, obj=None):
    return form_page(request, form, title, cancel, _crumbs((title, None)), obj)


# --------------------------------------------------------------------------- outbreaks


def _outbreaks(request: HttpRequest):
    qs, f = filtered(request, Outbreak.objects.select_related("unit"),
                     {"benh": ("disease", Disease.values), "tinh_trang": ("status", OutbreakStatus.values)}, ["ky"])
    period, error = period_filter(request)
    if period is not None:
        qs = qs.filter(span_inside(("started_from", "started_on"), period))
    return qs, f, error


@login_required
def index(request: HttpRequest) -> HttpResponse:
    qs, filters, error = _outbreaks(request)
    return render(request, "incidents/outbreaks.html", {
        **sorted_page(request, qs.prefetch_related("places"), OUTBREAK_COLUMNS),
        "filters": filters, "period_error": error, "diseases": Disease.choices, "statuses": OutbreakStatus.choices,
        "can_report": role_of(request.user) in WRITE_ROLES, "breadcrumbs": _crumbs(("Dịch bệnh động vật", None)),
    })


@login_required
def export_outbreaks(request: HttpRequest) -> HttpResponse:
    qs, _f, _e = _outbreaks(request)
    headers = ["Bệnh", "Loài", "Thôn, bản", "Địa bàn", "Mã đơn vị", "Các xã", "Phát hiện từ ngày", "Ngày phát hiện",
               "Số hộ", "Số con mắc bệnh", "Số con tiêu hủy", "Khối lượng tiêu hủy (kg)", "Tình trạng",
               "Ngày hết dịch", "Ghi chú", "Nguồn"]
    rows = ([o.get_disease_display(), o.get_species_display(), o.village, o.unit.name, o.unit.code,
             ", ".join(p.name for p in o.places.all()), o.started_from, o.started_on, o.households, o.animals_sick,
             o.animals_culled, plain(o.culled_kg), o.get_status_display(), o.contained_on, o.note, o.source]
            for o in qs.prefetch_related("places"))
    return xlsx_response("dich-benh-dong-vat", [("Ổ dịch", headers, rows)])


def _outbreak_kwargs(d: dict) -> dict:
    keys = ("disease", "species", "village", "households", "animals_sick", "animals_culled", "culled_kg", "note")
    return {k: d[k] for k in keys}


@login_required
def outbreak_new(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in WRITE_ROLES:
        return _forbidden(request)
    form = OutbreakForm(request.POST or None, user=request.user)

    def save(d):
        if not can_write(request.user, d["unit"]):
            return form.add_error("unit", "Bạn không được báo cáo ổ dịch tại đơn vị này.")
        return actions.do_save_outbreak(user=request.user, channel=FORM, unit=d["unit"], places=d["places"],
                                        started_on=d["started_on"], **_outbreak_kwargs(d))

    o = saved(request, form, save, "Đã ghi ổ dịch.")
    if o is not None:
        return redirect("incidents:outbreak", pk=o.pk)
    return _form_page(request, form, "Báo cáo ổ dịch", reverse("incidents:index"))


@login_required
def outbreak_edit(request: HttpRequest, pk: int) -> HttpResponse:
    o = get_scoped_or_404(Outbreak.objects.select_related("unit"), request.user, pk)
    if not can_write(request.user, o.unit):
        return _forbidden(request)
    initial = {k: getattr(o, k) for k in ("disease", "species", "village", "started_on", "households",
                                          "animals_sick", "animals_culled", "culled_kg", "note")}
    initial |= {"unit": o.unit.code, "places": ", ".join(o.places.values_list("code", flat=True))}
    form = OutbreakForm(request.POST or None, user=request.user, initial=initial if request.method == "GET" else None)
    if saved(request, form, lambda d: actions.do_save_outbreak(
            o, user=request.user, channel=FORM, unit=d["unit"], places=d["places"], started_on=d["started_on"],
            started_from=o.started_from if d["started_on"] == o.started_on else None, source=o.source,
            **_outbreak_kwargs(d)), "Đã lưu."):
        return redirect("incidents:outbreak", pk=o.pk)
    return _form_page(request, form, "Sửa ổ dịch", reverse("incidents:outbreak", args=[o.pk]), obj=o)


@login_required
def outbreak(request: HttpRequest, pk: int) -> HttpResponse:
    o = get_scoped_or_404(Outbreak.objects.select_related("unit"), request.user, pk)
    contain = ContainForm(prefix="het-dich") if o.status == OutbreakStatus.ACTIVE and can_manage(
        request.user, o.unit) else None
    return render(request, "incidents/outbreak.html", {
        "o": o, "places": o.places.all(), "history": history(o), "contain": contain,
        "can_edit": can_write(request.user, o.unit),
        "breadcrumbs": _crumbs(("Dịch bệnh động vật", reverse("incidents:index")), (str(o), None)),
    })


@login_required
@require_POST
def outbreak_contain(request: HttpRequest, pk: int) -> HttpResponse:
    o = get_scoped_or_404(Outbreak.objects.select_related("unit"), request.user, pk)
    form = ContainForm(request.POST, prefix="het-dich")
    with run_step(request, "Đã ghi công bố hết dịch."):
        if not form.is_valid():
            raise Refused("Cần ghi ngày công bố hết dịch.")
        actions.do_contain(o, user=request.user, channel=FORM, **form.cleaned_data)
    return redirect("incidents:outbreak", pk=pk)


# --------------------------------------------------------------------------- forest violations


def _violations(request: HttpRequest):
    qs, f = filtered(request, ForestViolation.objects.select_related("unit"),
                     {"loai": ("violation_type", ViolationType.values), "xu_ly": ("handling", Handling.values)},
                     ["ky"])
    period, error = period_filter(request)
    if period is not None:
        qs = qs.filter(span_inside(("detected_from", "detected_on"), period))
    return qs, f, error


@login_required
def violations(request: HttpRequest) -> HttpResponse:
    qs, filters, error = _violations(request)
    totals = violation_totals(qs)
    return render(request, "incidents/violations.html", {
        **sorted_page(request, qs, VIOLATION_COLUMNS), "filters": filters, "period_error": error,
        "totals": totals, "total_n": sum(t["n"] for t in totals), "types": ViolationType.choices,
        "handlings": Handling.choices, "can_manage": role_of(request.user) in MANAGE_ROLES,
        "breadcrumbs": _crumbs(("Vi phạm Luật Lâm nghiệp", None)),
    })


@login_required
def export_violations(request: HttpRequest) -> HttpResponse:
    qs, _f, _e = _violations(request)
    headers = ["Hành vi vi phạm", "Địa bàn", "Mã đơn vị", "Địa điểm", "Phát hiện từ ngày", "Ngày phát hiện",
               "Diện tích thiệt hại (ha)", "Đối tượng vi phạm", "Tình trạng xử lý", "Ngày xử lý",
               "Tiền phạt (triệu đồng)", "Kết quả xử lý", "Chi tiết giả định", "Ghi chú", "Nguồn"]
    rows = ([v.get_violation_type_display(), v.unit.name, v.unit.code, v.location, v.detected_from, v.detected_on,
             plain(v.damaged_area_ha), v.offender, v.get_handling_display(), v.handled_on, plain(v.fine_amount),
             v.handling_note, "có" if v.is_placeholder else "", v.note, v.source] for v in qs)
    return xlsx_response("vi-pham-lam-luat", [("Vụ vi phạm", headers, rows)])


def _violation_kwargs(d: dict) -> dict:
    return {k: d[k] for k in ("violation_type", "location", "damaged_area_ha", "offender", "note")}


@login_required
def violation_new(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in MANAGE_ROLES:
        return _forbidden(request)
    form = ViolationForm(request.POST or None, user=request.user)

    def save(d):
        if not can_manage(request.user, d["unit"]):
            return form.add_error("unit", "Bạn không quản lý đơn vị này.")
        return actions.do_save_violation(user=request.user, channel=FORM, unit=d["unit"],
                                         detected_on=d["detected_on"], **_violation_kwargs(d))

    v = saved(request, form, save, "Đã ghi vụ vi phạm.")
    if v is not None:
        return redirect("incidents:violation", pk=v.pk)
    return _form_page(request, form, "Ghi vụ vi phạm Luật Lâm nghiệp", reverse("incidents:violations"))


@login_required
def violation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_scoped_or_404(ForestViolation.objects.select_related("unit"), request.user, pk)
    if not can_manage(request.user, v.unit):
        return _forbidden(request)
    initial = {k: getattr(v, k) for k in ("violation_type", "location", "detected_on", "damaged_area_ha", "offender",
                                          "note")} | {"unit": v.unit.code}
    form = ViolationForm(request.POST or None, user=request.user, initial=initial if request.method == "GET" else None)
    if saved(request, form, lambda d: actions.do_save_violation(
            v, user=request.user, channel=FORM, unit=d["unit"], detected_on=d["detected_on"],
            detected_from=v.detected_from if d["detected_on"] == v.detected_on else None, source=v.source,
            is_placeholder=v.is_placeholder, **_violation_kwargs(d)), "Đã lưu."):
        return redirect("incidents:violation", pk=v.pk)
    return _form_page(request, form, "Sửa vụ vi phạm", reverse("incidents:violation", args=[v.pk]), obj=v)


@login_required
def violation(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_scoped_or_404(ForestViolation.objects.select_related("unit"), request.user, pk)
    manage = can_manage(request.user, v.unit)
    handle = HandleForm(prefix="xu-ly") if manage and v.handling != Handling.CLOSED else None
    return render(request, "incidents/violation.html", {
        "v": v, "history": history(v), "handle": handle, "can_edit": manage,
        "breadcrumbs": _crumbs(("Vi phạm Luật Lâm nghiệp", reverse("incidents:violations")), (str(v), None)),
    })


@login_required
@require_POST
def violation_handle(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_scoped_or_404(ForestViolation.objects.select_related("unit"), request.user, pk)
    form = HandleForm(request.POST, prefix="xu-ly")
    with run_step(request, "Đã cập nhật xử lý vụ vi phạm."):
        if not form.is_valid():
            raise Refused([f"{form.fields[n].label}: {e}" for n, errs in form.errors.items() for e in errs])
        actions.do_handle(v, user=request.user, channel=FORM, **form.cleaned_data)
    return redirect("incidents:violation", pk=pk)


# --------------------------------------------------------------------------- vaccination


def _campaigns(user):
    units = readable_units(user)
    return VaccinationCampaign.objects.filter(Q(unit__in=units) | Q(targets__unit__in=units)).distinct()


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    qs = _campaigns(request.user).select_related("season", "unit").order_by("-season__start", "name")
    progress = campaign_progress(qs)
    rows = [(c, *progress.get(c.pk, (0, 0))) for c in qs]
    return render(request, "incidents/campaigns.html", {
        "rows": rows, "can_manage": role_of(request.user) in MANAGE_ROLES,
        "breadcrumbs": _crumbs(("Tiêm phòng vắc xin", None)),
    })


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in MANAGE_ROLES:
        return _forbidden(request)
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            c = actions.do_save_campaign(user=request.user, channel=FORM, **form.cleaned_data)
        except Refused as e:
            form.refuse(e)
        else:
            messages.success(request, "Đã ghi đợt tiêm phòng.")
            return redirect("incidents:campaign", pk=c.pk)
    return _form_page(request, form, "Thêm đợt tiêm phòng", reverse("incidents:campaigns"))


@login_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    c = _campaigns(request.user).select_related("season", "unit").filter(pk=pk).first()
    if c is None:
        raise Http404("Không tìm thấy đợt tiêm phòng.")
    targets = list(c.targets.select_related("unit").order_by("unit__code"))
    done = sum(1 for t in targets if t.completed)
    rows = [(t, can_read(request.user, t.unit) and can_write(request.user, t.unit)) for t in targets]
    return render(request, "incidents/campaign.html", {
        "c": c, "rows": rows, "done": done, "total": len(targets), "history": history(c),
        "form": VaccinatedForm(prefix="tiem"),
        "breadcrumbs": _crumbs(("Tiêm phòng vắc xin", reverse("incidents:campaigns")), (c.name, None)),
    })


@login_required
@require_POST
def campaign_mark(request: HttpRequest, pk: int) -> HttpResponse:
    target = VaccinationProgress.objects.select_related("unit", "campaign").filter(pk=pk).first()
    if target is None or not can_read(request.user, target.unit):
        raise Http404("Không tìm thấy.")
    form = VaccinatedForm(request.POST, prefix="tiem")
    completed = request.POST.get("completed") != "0"
    with run_step(request, f"Đã cập nhật tiến độ tiêm phòng của {target.unit.name}."):
        if not form.is_valid():
            raise Refused("Ngày hoàn thành không hợp lệ.")
        actions.do_mark_vaccinated(target, user=request.user, channel=FORM, completed=completed,
                                   completed_on=form.cleaned_data["completed_on"])
    return redirect("incidents:campaign", pk=target.campaign_id)
