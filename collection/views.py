"""Pages of the collection app.  Every view checks scope (404 outside) and writes
only through ``collection.actions``."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.scope import (
    approvable_units,
    assigned_units,
    can_approve,
    can_read,
    can_write,
    get_unit_or_404,
    home_unit,
    is_admin,
    readable_units,
    role_of,
)
from bacthang.lib.importing import ImportFailed
from bacthang.lib.numbers import format_number
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Level, Unit

from . import actions, excel
from .completeness import completeness, latest_overdue_period
from .excel import build_template
from .layout import FormData
from .models import ReportForm, Status, Submission
from .report import validation_report
from .rules import key_text

APPROVER_ROLES = {Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.ADMIN}


def _period_or_404(code: str) -> Period:
    try:
        return Period.objects.for_code(code)
    except PeriodCodeError as e:
        raise Http404("Kỳ không hợp lệ.") from e


def _form_or_404(code: str) -> ReportForm:
    return get_object_or_404(ReportForm.objects.select_related("root_unit"), code=code, is_active=True)


def _target_or_404(request, form_code: str, unit_code: str, period_code: str):
    form = _form_or_404(form_code)
    unit = get_unit_or_404(request.user, unit_code)
    period = _period_or_404(period_code)
    if not form.applies_to(unit) or period.period_type != form.period_type \
            or not unit.is_valid_during(period.start, period.end):
        raise Http404("Biểu không áp dụng cho đơn vị hoặc kỳ này.")
    return form, unit, period


def _crumbs(*items):
    return [{"label": "Nhập số liệu", "url": reverse("collection:index")}] + [
        {"label": label, "url": url} for label, url in items]


def default_period(form: ReportForm, today: dt.date | None = None) -> Period | None:
    return latest_overdue_period(form, (today or timezone.localdate()) + dt.timedelta(days=1))


# ---------------------------------------------------------------------------- index
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    forms = list(ReportForm.objects.filter(is_active=True).select_related("root_unit"))
    readable = readable_units(user)
    mine = sorted(assigned_units(user), key=lambda u: (u.level, u.code))
    if is_admin(user) and not mine:
        mine = list(Unit.objects.filter(level=Level.PROVINCE, code__in=[f.root_unit.code for f in forms
                                                                          if f.root_unit]))
    cards = []
    for f in forms:
        period = default_period(f)
        reporting = [u for u in mine if f.applies_to(u)]
        units = [u for u in reporting if period is None or u.is_valid_during(period.start, period.end)]
        higher = [u for u in mine if u.level < f.level and (f.root_unit is None or f.root_unit.contains(u)
                                                            or u.contains(f.root_unit))]
        if not reporting and not higher:
            continue
        cards.append({"form": f, "period": period, "units": units, "higher": higher, "reporting": reporting,
                      "deadline": f.deadline_for(period) if period else None})
    recent = list(Submission.objects.filter(unit__in=readable).select_related("form", "unit", "period")
                  .order_by("-updated_at")[:30])
    submitted = list(Submission.objects.filter(unit__in=readable, status=Status.SUBMITTED)
                     .select_related("form", "unit", "period").order_by("submitted_at")[:100])
    approvable = approvable_units(user, [s.unit for s in submitted])
    waiting = [s for s in submitted if s.unit_id in approvable]
    # The officer's assigned forms, cached on the phone by the service worker for entry without signal.
    offline_urls = [reverse("collection:entry", args=[c["form"].code, u.code, c["period"].code])
                    for c in cards if c["period"] for u in c["units"]]
    return render(request, "collection/index.html", {
        "offline_urls": json.dumps(offline_urls),
        "cards": cards, "recent": recent, "waiting": waiting, "breadcrumbs": _crumbs(),
        "can_check": role_of(user) in (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.LEADER, Role.ADMIN),
        "home": home_unit(user),
    })


@login_required
def go(request: HttpRequest) -> HttpResponse:
    """The picker on the index page: form + unit + period → the entry page."""
    form = _form_or_404(request.GET.get("form", ""))
    unit = get_unit_or_404(request.user, request.GET.get("unit", "").strip())
    period = _period_or_404(request.GET.get("period", "").strip())
    if request.GET.get("what") == "template":
        return redirect("collection:template", form.code, unit.code, period.code)
    if not form.applies_to(unit):
        messages.error(request, f"Biểu {form.code} do {form.level_noun()} báo cáo; {unit.name} không thuộc đối tượng "
                                "báo cáo. Chọn đơn vị cấp dưới hoặc tải biểu Excel cho các đơn vị trực thuộc.")
        return redirect("collection:index")
    return redirect("collection:entry", form.code, unit.code, period.code)


# ---------------------------------------------------------------------------- entry page
def _cell_context(data: FormData, unit: Unit, posted: dict | None, errors: dict):
    registry = data.registry_keys(unit)
    sections = []
    for section in data.layout.sections:
        rows = []
        for row in section.rows:
            def ctx(cell):
                stored = data.stored(unit, cell.key)
                text = format_number(stored.value, 6) if stored else ""
                last = data.last_year(unit, cell.key)
                return {
                    "cell": cell, "kt": cell.kt, "text": posted.get(cell.kt, text) if posted else text,
                    "original": posted.get("o:" + cell.kt, text) if posted else text,
                    "version": posted.get("ver:" + cell.kt, stored.version if stored else 0) if posted
                    else (stored.version if stored else 0),
                    "last": None if last is None else format_number(last),
                    "error": errors.get(cell.key, ""), "computed": cell.computed,
                    "registry": cell.key in registry,
                    "stored": None if stored is None else format_number(stored.value),
                }
            total = ctx(row.total)
            if row.total.computed and total["stored"] is None:
                # A total that is the sum of its options is shown on every page, read-only ones included
                # (the script adds it up live only where the cells are inputs).
                parts = [data.stored(unit, c.key) for c in row.parts]
                parts = [v.value for v in parts if v is not None]
                if parts:
                    total["stored"] = format_number(sum(parts))
            rows.append({"row": row, "total": total, "options": [ctx(c) for c in row.option_cells],
                         "crossed": row.crossed})
        shown = section.title if not sections or sections[-1]["section"] != section.title else ""
        sections.append({"title": shown, "section": section.title, "columns": section.columns, "rows": rows})
    return sections


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, form_code: str, unit_code: str, period_code: str) -> HttpResponse:
    form, unit, period = _target_or_404(request, form_code, unit_code, period_code)
    user = request.user
    sub = actions.submission_for(form, unit, period)
    posted, errors, refusal = None, {}, []
    if request.method == "POST":
        what = request.POST.get("action", "save")
        try:
            if what in ("save", "submit"):
                data = FormData(form, period, [unit])
                inputs = [actions.CellInput(c.key, request.POST.get("v:" + c.kt, ""),
                                            request.POST.get("o:" + c.kt),
                                            int(request.POST.get("ver:" + c.kt) or 0))
                          for c in data.layout.cells if ("v:" + c.kt) in request.POST]
                result = actions.do_save_values(form, unit, period, inputs, user=user)
                if what == "save":
                    messages.success(request, f"Đã lưu nháp: {result.summary}.")
                else:
                    try:
                        actions.do_submit(form, unit, period, user=user, comment=request.POST.get("comment", ""))
                        messages.success(request, "Đã nộp báo cáo; chờ cấp trên duyệt.")
                    except actions.ActionRefused as e:
                        if result.summary.changed:
                            messages.warning(request, f"Đã lưu nháp ({result.summary}) nhưng chưa nộp được.")
                        for m in e.messages:
                            messages.error(request, m)
                return redirect("collection:entry", form.code, unit.code, period.code)
            if sub is None:
                raise Http404("Chưa có báo cáo.")
            if what == "approve":
                actions.do_approve(sub, user=user)
                messages.success(request, f"Đã duyệt báo cáo của {unit.name}; số liệu đã khóa, không sửa được.")
            elif what == "return":
                actions.do_return(sub, user=user, reason=request.POST.get("reason", ""))
                messages.success(request, f"Đã trả lại báo cáo của {unit.name}.")
            elif what == "lock":
                actions.do_lock(sub, user=user)
                messages.success(request, "Đã khóa số liệu của báo cáo.")
            elif what == "reopen":
                actions.do_reopen(sub, user=user, reason=request.POST.get("reason", ""))
                messages.success(request, "Đã mở lại báo cáo để sửa.")
            else:
                raise Http404("Thao tác không hợp lệ.")
            return redirect("collection:entry", form.code, unit.code, period.code)
        except actions.ActionRefused as e:
            refusal = e.messages
            errors = e.cells
            posted = {k[2:]: v for k, v in request.POST.items() if k.startswith("v:")}
            posted.update({k: v for k, v in request.POST.items() if k.startswith(("o:", "ver:"))})
            sub = actions.submission_for(form, unit, period)
    data = FormData(form, period, [unit])
    violations = data.check(unit)
    editable = (sub is None or sub.editable) and can_write(user, unit)
    approver = sub is not None and can_approve(user, unit)
    events = list(sub.events.select_related("user")) if sub else []
    status = 400 if refusal else 200
    return render(request, "collection/entry.html", {
        "form": form, "unit": unit, "period": period, "submission": sub, "deadline": form.deadline_for(period),
        "sections": _cell_context(data, unit, posted, errors), "violations": violations,
        "has_warnings": any(not v.is_error for v in violations), "has_errors": any(v.is_error for v in violations),
        "editable": editable, "approver": approver, "admin": is_admin(user), "events": events,
        "refusal": refusal, "page_data": data.page_data(unit),
        "last_period": data.earlier[0] if data.earlier else None,
        # The parent's progress only for a user who may open it (a commune officer may not).
        "parent": unit.parent if unit.parent_id and can_read(user, unit.parent) else None,
        "breadcrumbs": _crumbs((form.name, None), (f"{unit.name} · {period.name}", None)),
        "error_keys": {key_text(k) for k in errors},
    }, status=status)


# ---------------------------------------------------------------------------- Excel
@login_required
def template(request: HttpRequest, form_code: str, unit_code: str, period_code: str) -> HttpResponse:
    form = _form_or_404(form_code)
    unit = get_unit_or_404(request.user, unit_code)
    period = _period_or_404(period_code)
    if period.period_type != form.period_type:
        raise Http404("Kỳ không phù hợp với biểu.")
    if form.applies_to(unit):
        units = [unit]
    elif unit.level < form.level:
        readable = set(readable_units(request.user).values_list("pk", flat=True))
        units = [u for u in form.expected_units(period, within=unit) if u.pk in readable]
    else:
        units = []
    if not units:
        raise Http404("Không có đơn vị nào báo cáo biểu này.")
    data = build_template(form, period, units)
    name = f"{form.code}_{unit.code}_{period.code}.xlsx"
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    problems, result = [], None
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            problems = ["Chọn tệp Excel để tải lên."]
        else:
            try:
                result = excel.do_upload(f, user=request.user, filename=f.name,
                                           submit=bool(request.POST.get("submit")),
                                           comment=request.POST.get("comment", ""))
            except ImportFailed as e:
                problems = [str(p) for p in e.problems]
    return render(request, "collection/upload.html", {
        "problems": problems, "result": result,
        "breadcrumbs": _crumbs(("Tải biểu Excel lên", None)),
    }, status=400 if problems else 200)


# ---------------------------------------------------------------------------- reports
def _xlsx(filename: str, title: str, headers: list[str], rows: list[list]) -> HttpResponse:
    from bacthang.lib.xlsx import workbook_bytes

    response = HttpResponse(workbook_bytes([(title, headers, rows)]),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unit_param(request, default: Unit | None) -> Unit | None:
    code = (request.GET.get("unit") or "").strip()
    if code:
        return get_unit_or_404(request.user, code)
    return default


@login_required
def validation(request: HttpRequest) -> HttpResponse:
    unit = _unit_param(request, home_unit(request.user))
    code = (request.GET.get("period") or "").strip()
    period = _period_or_404(code) if code else None
    report = validation_report(unit, period) if unit and period else None
    if report is not None and request.GET.get("format") == "xlsx":
        kinds = {"rule": "Vi phạm quy tắc kiểm tra", "conflict": "Nguồn số liệu không khớp"}
        rows = [[kinds.get(kind, "Giá trị bất thường"), v.unit, v.unit_name, "Lỗi" if v.is_error else "Cảnh báo",
                 v.message] for kind, items in report.by_kind.items() for v in items]
        return _xlsx(f"kiem-tra_{unit.code}_{period.code}.xlsx", "Kiểm tra số liệu",
                     ["Loại", "Mã đơn vị", "Đơn vị", "Mức độ", "Nội dung"], rows)
    return render(request, "collection/validation.html", {
        "unit": unit, "period": period, "report": report, "period_code": code,
        "breadcrumbs": _crumbs(("Kiểm tra số liệu", None)),
    })


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    forms = list(ReportForm.objects.filter(is_active=True).select_related("root_unit"))
    form = None
    if request.GET.get("form"):
        form = next((f for f in forms if f.code == request.GET["form"]), None)
        if form is None:
            raise Http404("Không có biểu này.")
    elif forms:
        form = forms[0]
    home = home_unit(request.user)
    unit = _unit_param(request, home)
    if unit is not None and form is not None and form.root_unit is not None and not (
            unit.contains(form.root_unit) or form.root_unit.contains(unit)):
        unit = form.root_unit if can_read(request.user, form.root_unit) else unit
    code = (request.GET.get("period") or "").strip()
    period = _period_or_404(code) if code else (default_period(form) if form else None)
    if period is not None and form is not None and period.period_type != form.period_type:
        period = default_period(form)
    day = timezone.localdate()
    if request.GET.get("date"):
        try:
            day = dt.date.fromisoformat(request.GET["date"])
        except ValueError as e:
            raise Http404("Ngày không hợp lệ.") from e
    result = completeness(form, period, unit, today=day) if form and period and unit else None
    if result is not None and request.GET.get("format") == "xlsx":
        rows = [[g.unit.name if g.unit else "", r.unit.code, r.unit.name, r.label,
                 r.submission.submitted_at.astimezone().strftime("%d/%m/%Y %H:%M")
                 if r.submission and r.submission.submitted_at else "",
                 r.submission.get_status_display() if r.submission else "Chưa nhập"]
                for g in result.groups for r in g.rows]
        return _xlsx(f"tien-do_{form.code}_{unit.code}_{period.code}.xlsx", "Tiến độ nộp báo cáo",
                     ["Địa bàn", "Mã đơn vị", "Đơn vị", "Tình trạng", "Nộp lúc", "Trạng thái báo cáo"], rows)
    return render(request, "collection/progress.html", {
        "forms": forms, "form": form, "period": period, "unit": unit, "result": result,
        "breadcrumbs": _crumbs(("Tiến độ nộp báo cáo", None)),
    })


# ---------------------------------------------------------------------------- offline entry
# Files the entry pages need without signal, precached by the service worker with their revisions.
OFFLINE_ASSETS = ["css/bacthang.css", "vendor/htmx/htmx.min.js", "collection/collection.css", "collection/entry.js",
                  "collection/offline.js", "vendor/idb/idb.umd.js", "vendor/workbox/workbox-window.prod.umd.js",
                  "collection/manifest.json", "collection/icons/icon-192.png", "collection/icons/icon-512.png"]


def _precache_list() -> list[dict]:
    import hashlib

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    out = []
    for name in OFFLINE_ASSETS:
        path = finders.find(name)
        if path:
            with open(path, "rb") as f:
                out.append({"url": static(name), "revision": hashlib.md5(f.read()).hexdigest()[:12]})
    return out


@login_required
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker of the data-entry app, at the root of the entry pages so that its
    scope covers them (a script under /static/ could only control /static/)."""
    from django.templatetags.static import static

    scope = reverse("collection:index")
    response = render(request, "collection/sw.js", {
        "scope": scope, "workbox_sw": static("vendor/workbox/workbox-sw.js"),
        "workbox_prefix": static("vendor/workbox/").rstrip("/"), "static_prefix": static(""),
        "precache": json.dumps(_precache_list()),
    }, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = scope
    response["Cache-Control"] = "no-cache"
    return response


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """Values entered without signal that are not on the server yet: the queue, the conflicts
    (both figures, who changed the other one and when) and the refusals.  They live in the
    phone's storage (IndexedDB); the page's script lists them and sends the officer's choices."""
    return render(request, "collection/pending.html", {"breadcrumbs": _crumbs(("Số liệu chưa gửi", None))})
