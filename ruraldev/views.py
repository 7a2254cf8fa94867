"""Pages of the rural-development criteria: the sets, the matrix of communes × criteria
(and its Excel export), a commune's page with its history, an evaluation (entry, evidence,
submit → approve), recognitions.  Every page checks the user's scope
(``accounts.scope``); every write goes through ``ruraldev.actions``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from accounts.scope import can_approve, can_read, can_write, get_unit_or_404, home_unit, is_admin
from audit.models import Channel
from units.models import REFORM_DATE, UnitSuccession
from units.models import Level as UnitLevel

from . import actions
from .evaluation import build_sheet
from .evidence import ALLOWED_TEXT, MAX_EVIDENCE_BYTES, read_upload
from .matrix import STATUS_TEXT, build_matrix, matrix_workbook
from .models import COMMUNE_LEVELS, CriteriaSet, CriterionIndicator, Evaluation, Evidence, Kind, Level, Recognition

FORM = Channel.FORM
LEVEL_CHOICES = [(lvl, Level(lvl).label) for lvl in (Level.BASIC, Level.ADVANCED, Level.MODEL)]


def _crumbs(*items) -> list[dict]:
    return [{"label": "Nông thôn mới", "url": reverse("ruraldev:index")},
            *[{"label": a, "url": b} for a, b in items]]


def _evaluation_or_404(user, pk) -> Evaluation:
    ev = Evaluation.objects.select_related("unit", "criteria_set").filter(pk=pk).first()
    if ev is None or not can_read(user, ev.unit):
        raise Http404("Không tìm thấy kết quả đánh giá.")
    return ev


def _year(request, default: int) -> int:
    raw = (request.GET.get("nam") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def _level(request) -> str:
    raw = (request.GET.get("cap") or "").strip()
    return raw if raw in COMMUNE_LEVELS else Level.BASIC


@login_required
def index(request: HttpRequest) -> HttpResponse:
    sets = list(CriteriaSet.objects.select_related("province", "based_on").order_by("code", "version"))
    home = home_unit(request.user)
    province = None
    if home is not None:
        province = home if home.level == UnitLevel.PROVINCE else (home.ancestors()[0] if home.ancestors() else home)
        if not can_read(request.user, province):
            province = home
    return render(request, "ruraldev/index.html", {
        "sets": sets, "home": province, "breadcrumbs": _crumbs(), "levels": LEVEL_CHOICES,
        "year": dt.date.today().year - 1,
    })


@login_required
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = CriteriaSet.objects.select_related("province", "based_on").filter(pk=pk).first()
    if s is None or (s.province_id and not can_read(request.user, s.province)):
        raise Http404("Không tìm thấy bộ tiêu chí.")
    criteria = s.criteria.prefetch_related("indicators__thresholds").order_by("number")
    return render(request, "ruraldev/set.html", {
        "set": s, "criteria": criteria, "in_use": s.in_use(), "versions": CriteriaSet.objects.filter(code=s.code),
        "breadcrumbs": _crumbs((str(s), "")),
    })


@login_required
def matrix(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, unit_code)
    year, level = _year(request, dt.date.today().year - 1), _level(request)
    m = build_matrix(unit, year, level)
    return render(request, "ruraldev/matrix.html", {
        "m": m, "unit": unit, "year": year, "level": level, "levels": LEVEL_CHOICES,
        "level_label": Level(level).label, "status_text": STATUS_TEXT,
        "breadcrumbs": _crumbs((f"Ma trận tiêu chí — {unit.name}", "")),
    })


@login_required
def matrix_export(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, unit_code)
    year, level = _year(request, dt.date.today().year - 1), _level(request)
    data = matrix_workbook(build_matrix(unit, year, level), Level(level).label)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = slugify(f"bieu-tong-hop-tieu-chi-{level}-{unit.code}-{year}") or "bieu-tong-hop"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _history(unit):
    own = list(Evaluation.objects.filter(unit=unit).select_related("criteria_set")
               .order_by("-year", "criteria_set__code"))
    predecessors = list(UnitSuccession.objects.filter(successor=unit).select_related("predecessor"))
    before = list(Evaluation.objects.filter(
        unit__in=[s.predecessor for s in predecessors], year__lte=REFORM_DATE.year)
        .select_related("unit", "criteria_set").order_by("-year", "unit__code"))
    return own, predecessors, before


@login_required
def commune(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, unit_code)
    if unit.level != UnitLevel.COMMUNE:
        raise Http404("Không phải đơn vị cấp xã.")
    own, predecessors, before = _history(unit)
    rows = [(ev, build_sheet(ev)) for ev in own]
    before_rows = [(ev, build_sheet(ev)) for ev in before]
    recs = Recognition.objects.filter(unit__in=[unit, *[s.predecessor for s in predecessors]]).select_related("unit")
    year = dt.date.today().year
    applicable = [s for s in CriteriaSet.objects.filter(level__in=COMMUNE_LEVELS).order_by("code", "-version")
                  if not s.province_id or unit.code.startswith(s.province.code + ".")]
    return render(request, "ruraldev/commune.html", {
        "unit": unit, "rows": rows, "before_rows": before_rows, "predecessors": predecessors, "recognitions": recs,
        "can_write": can_write(request.user, unit), "can_approve": can_approve(request.user, unit),
        "sets": applicable, "year": year, "levels": LEVEL_CHOICES, "reform_day": REFORM_DATE,
        "breadcrumbs": _crumbs((unit.name, "")),
    })


@login_required
@require_POST
def evaluation_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, unit_code)
    s = CriteriaSet.objects.filter(pk=request.POST.get("bo") or 0).first()
    raw_year = (request.POST.get("nam") or "").strip()
    try:
        if s is None or not raw_year.isdigit():
            raise actions.Refused("Chọn bộ tiêu chí và năm đánh giá.")
        ev = actions.do_start_evaluation(unit, int(raw_year), s, user=request.user,
                                         group=(request.POST.get("nhom") or "").strip(), channel=FORM)
    except actions.Refused as e:
        for m in e.messages:
            messages.error(request, m)
        return redirect("ruraldev:commune", unit_code=unit.code)
    return redirect("ruraldev:evaluation", pk=ev.pk)


@login_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    ev = _evaluation_or_404(request.user, pk)
    sheet = build_sheet(ev)
    evidence = list(ev.evidence.select_related("indicator").order_by("uploaded_at"))
    writable = can_write(request.user, ev.unit) and ev.editable
    return render(request, "ruraldev/evaluation.html", {
        "ev": ev, "sheet": sheet, "evidence": evidence, "writable": writable,
        "can_submit": writable, "can_approve": can_approve(request.user, ev.unit) and ev.status == "submitted",
        "can_reopen": is_admin(request.user) and ev.locked, "Kind": Kind, "status_text": STATUS_TEXT,
        "max_mb": MAX_EVIDENCE_BYTES // (1024 * 1024), "allowed": ALLOWED_TEXT,
        "breadcrumbs": _crumbs((ev.unit.name, reverse("ruraldev:commune", kwargs={"unit_code": ev.unit.code})),
                               (f"Năm {ev.year}", "")),
    })


def _changes(post, ev: Evaluation) -> dict:
    out = {}
    for ind in CriterionIndicator.objects.filter(criterion__criteria_set_id=ev.criteria_set_id):
        prefix = f"r-{ind.pk}-"
        fields = {}
        for key in ("number", "choice", "status", "note"):
            if prefix + key in post:
                fields[key] = post.get(prefix + key)
        if prefix + "yes" in post:
            raw = post.get(prefix + "yes")
            fields["yes"] = None if raw == "" else raw == "1"
        if ind.computed:
            fields = {k: v for k, v in fields.items() if k in ("status", "note")}
        if fields:
            out[ind.pk] = fields
    return out


@login_required
@require_POST
def evaluation_save(request: HttpRequest, pk: int) -> HttpResponse:
    ev = _evaluation_or_404(request.user, pk)
    try:
        n = actions.do_save_results(ev, _changes(request.POST, ev), user=request.user, channel=FORM)
        messages.success(request, f"Đã lưu {n} chỉ tiêu.")
    except actions.Refused as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("ruraldev:evaluation", pk=ev.pk)


STEPS = {"nop": "submit", "duyet": "approve", "tra-lai": "return", "mo-khoa": "reopen"}


@login_required
@require_POST
def evaluation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    ev = _evaluation_or_404(request.user, pk)
    if step not in STEPS:
        raise Http404("Không có thao tác này.")
    reason = request.POST.get("ly_do", "")
    try:
        if step == "nop":
            actions.do_submit(ev, user=request.user, channel=FORM)
            messages.success(request, "Đã nộp kết quả đánh giá.")
        elif step == "duyet":
            actions.do_approve(ev, user=request.user, channel=FORM)
            messages.success(request, "Đã duyệt và khóa kết quả đánh giá.")
        elif step == "tra-lai":
            actions.do_return(ev, reason, user=request.user, channel=FORM)
            messages.success(request, "Đã trả lại kết quả đánh giá.")
        else:
            actions.do_reopen(ev, reason, user=request.user, channel=FORM)
            messages.success(request, "Đã mở khóa kết quả đánh giá.")
    except actions.Refused as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("ruraldev:evaluation", pk=ev.pk)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    ev = _evaluation_or_404(request.user, pk)
    upload = request.FILES.get("tep")
    indicator = None
    raw = (request.POST.get("chi_tieu") or "").strip()
    if raw.isdigit():
        indicator = CriterionIndicator.objects.filter(pk=int(raw), criterion__criteria_set=ev.criteria_set).first()
    try:
        if upload is None:
            raise actions.Refused("Chưa chọn tệp minh chứng.")
        if upload.size > MAX_EVIDENCE_BYTES:
            raise actions.Refused(f"Tệp “{upload.name}” quá lớn; tối đa {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.")
        actions.do_add_evidence(ev, upload.name, read_upload(upload), user=request.user, indicator=indicator,
                                description=request.POST.get("mo_ta", ""), channel=FORM)
        messages.success(request, f"Đã tải lên minh chứng “{upload.name}”.")
    except actions.Refused as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("ruraldev:evaluation", pk=ev.pk)


def _evidence_or_404(user, pk) -> Evidence:
    item = Evidence.objects.select_related("evaluation__unit").filter(pk=pk).first()
    if item is None or not can_read(user, item.evaluation.unit):
        raise Http404("Không tìm thấy minh chứng.")
    return item


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence_or_404(request.user, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp minh chứng không còn trên máy chủ.") from None
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence_or_404(request.user, pk)
    try:
        actions.do_delete_evidence(item, user=request.user, channel=FORM)
        messages.success(request, "Đã xóa minh chứng.")
    except actions.Refused as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("ruraldev:evaluation", pk=item.evaluation_id)


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


@login_required
@require_POST
def recognition_new(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, unit_code)
    level = request.POST.get("cap", "")
    day = _date(request.POST.get("ngay", ""))
    try:
        if level not in COMMUNE_LEVELS or day is None:
            raise actions.Refused("Chọn cấp độ và ghi ngày quyết định (YYYY-MM-DD).")
        actions.do_recognise(unit, level, request.POST.get("so_qd", ""), day, user=request.user, channel=FORM)
        messages.success(request, "Đã ghi quyết định công nhận.")
    except actions.Refused as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("ruraldev:commune", unit_code=unit.code)


@login_required
@require_POST
def recognition_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    rec = Recognition.objects.select_related("unit").filter(pk=pk).first()
    if rec is None or not can_read(request.user, rec.unit):
        raise Http404("Không tìm thấy quyết định công nhận.")
    day = _date(request.POST.get("ngay", ""))
    try:
        if day is None:
            raise actions.Refused("Ghi ngày thu hồi (YYYY-MM-DD).")
        actions.do_withdraw(rec, day, request.POST.get("so_qd", ""), request.POST.get("ly_do", ""),
                            user=request.user, channel=FORM)
        messages.success(request, "Đã ghi thu hồi danh hiệu.")
    except actions.Refused as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("ruraldev:commune", unit_code=rec.unit.code)
