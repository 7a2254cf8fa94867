"""Task pages: the list per programme (filters: office, status, deadline) and its Excel export,
a task with its history and the update form, evidence downloads, the import of a task file.
Every page asks ``tasks.scope``; writes go through ``tasks.actions``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from accounts.scope import MANAGE_ROLES, role_of
from audit.models import Channel
from bacthang.lib.importing import ImportFailed
from bacthang.lib.xlsx import workbook_bytes
from programmes.models import Programme

from . import actions
from .importing import import_tasks
from .models import Office, Status, Task, TaskUpdate, overdue_q
from .scope import can_update, get_task_or_404, visible_tasks

OVERDUE = "qua-han"
PAGE_SIZE = 50
TEMPLATE_FILE = "mau_nhiem_vu.csv"


def _crumbs(*items) -> list[dict]:
    return [{"label": "Nhiệm vụ", "url": reverse("tasks:index")}, *[{"label": a, "url": b} for a, b in items]]


def _day(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _filtered(request: HttpRequest):
    """The visible tasks narrowed by the query string: ``van-ban`` (programme code), ``co-quan`` (office,
    as lead or supporting), ``trang-thai`` (a status or ``qua-han``), ``han-tu`` / ``han-den`` (deadline)."""
    g = request.GET
    f = {k: g.get(k, "").strip()[:64] for k in ("van-ban", "co-quan", "trang-thai", "han-tu", "han-den")}
    qs = visible_tasks(request.user, Task.objects.select_related("lead", "lead__unit", "programme"))
    today = dt.date.today()
    errors = []
    programme = None
    if f["van-ban"]:
        programme = Programme.objects.filter(code=f["van-ban"]).first()
        qs = qs.filter(programme=programme) if programme else qs.none()
    if f["co-quan"]:
        if f["co-quan"].isdigit():
            qs = qs.filter(Q(lead_id=int(f["co-quan"])) | Q(supporting__id=int(f["co-quan"]))).distinct()
        else:
            qs = qs.none()
    status = f["trang-thai"]
    if status == OVERDUE:
        qs = qs.filter(overdue_q(today))
    elif status in Status.values:
        qs = qs.filter(status=status)
        if status != Status.DONE:
            qs = qs.exclude(overdue_q(today))
    elif status:
        errors.append("Trạng thái không hợp lệ.")
    for key, lookup in (("han-tu", "deadline__gte"), ("han-den", "deadline__lte")):
        if f[key]:
            day = _day(f[key])
            if day is None:
                errors.append(f"Ngày '{f[key]}' không hợp lệ; ghi dạng dd/mm/yyyy.")
            else:
                qs = qs.filter(**{lookup: day})
    return qs.order_by("programme__code", "sort_order", "reference"), f, programme, errors


@login_required
def index(request: HttpRequest) -> HttpResponse:
    qs, filters, programme, errors = _filtered(request)
    visible = visible_tasks(request.user)
    programmes = (Programme.objects.filter(tasks__in=visible).annotate(n=Count("tasks", distinct=True))
                  .order_by("code"))
    offices = Office.objects.filter(Q(led_tasks__in=visible) | Q(supported_tasks__in=visible)).distinct() \
        .select_related("unit").order_by("unit__code", "name")
    page = Paginator(qs.prefetch_related("supporting"), PAGE_SIZE).get_page(request.GET.get("trang"))
    q = request.GET.copy()
    q.pop("trang", None)
    title = f"Nhiệm vụ — {programme}" if programme else "Nhiệm vụ"
    return render(request, "tasks/index.html", {
        "page": page, "filters": filters, "f": {k.replace("-", "_"): v for k, v in filters.items()},
        "programme": programme, "programmes": programmes, "offices": offices,
        "statuses": [*Status.choices, (OVERDUE, "Quá hạn")], "errors": errors, "query": q.urlencode(),
        "title": title, "can_import": role_of(request.user) in MANAGE_ROLES,
        "breadcrumbs": _crumbs((str(programme), None)) if programme else _crumbs(),
    })


@login_required
def export(request: HttpRequest) -> HttpResponse:
    qs, _f, programme, _e = _filtered(request)
    today = dt.date.today()
    headers = ["Mã", "Văn bản", "Mục", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Địa bàn", "Cơ quan phối hợp",
               "Hạn hoàn thành", "Lặp lại", "Trạng thái", "Cập nhật gần nhất", "Kết quả, tiến độ"]
    latest = Prefetch("updates", queryset=TaskUpdate.objects.defer("evidence").order_by("-on", "-id"),
                      to_attr="history")
    rows = []
    for t in qs.prefetch_related("supporting", latest):
        last = t.history[0] if t.history else None
        rows.append([t.reference, t.programme.code if t.programme else t.document, t.section, t.text, t.lead.name,
                     t.lead.unit.name, "; ".join(o.name for o in t.supporting.all()), t.deadline,
                     t.get_recurrence_display() if t.recurrence else "", t.status_label(today),
                     last.on if last else None, last.note if last else ""])
    data = workbook_bytes([("Nhiệm vụ", headers, rows)])
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = slugify(f"nhiem-vu-{programme.code}" if programme else "nhiem-vu") or "nhiem-vu"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_or_404(request.user, pk)
    return _detail_page(request, task)


def _detail_page(request, task, problems=None, data=None, status=200):
    history = task.updates.defer("evidence").select_related("user").order_by("-on", "-id")
    return render(request, "tasks/detail.html", {
        "task": task, "history": history, "supporting": task.supporting.select_related("unit"),
        "units": task.units.all(), "indicators": task.indicators.all(),
        "status_text": task.status_label(), "overdue": task.is_overdue(),
        "may_update": can_update(request.user, task), "statuses": Status.choices, "problems": problems or [],
        "data": data or {"on": dt.date.today().isoformat()}, "breadcrumbs": _crumbs((task.reference, None)),
    }, status=status)


@login_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_or_404(request.user, pk)
    if not can_update(request.user, task):
        return render(request, "tasks/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    on = _day(request.POST.get("on", ""))
    data = {"on": request.POST.get("on", ""), "status": request.POST.get("status", ""),
            "note": request.POST.get("note", "")}
    if on is None:
        return _detail_page(request, task, ["Ngày cập nhật không hợp lệ; ghi dạng dd/mm/yyyy."], data, 400)
    try:
        actions.do_update_task(task, user=request.user, channel=Channel.FORM, on=on, status=data["status"],
                               note=data["note"], evidence=request.FILES.get("evidence"), check=can_update)
    except actions.Refused as e:
        return _detail_page(request, task, e.problems, data, 400)
    except PermissionDenied:
        return render(request, "tasks/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    messages.success(request, "Đã cập nhật tình hình thực hiện nhiệm vụ.")
    return redirect("tasks:detail", pk=task.pk)


@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    update = TaskUpdate.objects.filter(pk=pk).select_related("task").first()
    if update is None or not update.evidence_name:
        raise Http404("Không tìm thấy tài liệu.")
    get_task_or_404(request.user, update.task_id)
    response = HttpResponse(bytes(update.evidence), content_type=update.evidence_type or "application/octet-stream")
    safe = slugify(update.evidence_name.rsplit(".", 1)[0]) or "minh-chung"
    ext = update.evidence_name.rsplit(".", 1)[-1].lower()
    response["Content-Disposition"] = f'attachment; filename="{safe}.{ext}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in MANAGE_ROLES:
        return render(request, "tasks/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    problems, result = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = ["Chưa chọn tệp."]
        else:
            try:
                result = import_tasks(upload, upload.name, user=request.user, channel=Channel.IMPORT)
            except ImportFailed as e:
                problems = [str(p) for p in e.problems]
            except PermissionDenied as e:
                problems = [str(e)]
        if result:
            messages.success(request, f"Đã nhập {result['tasks']} nhiệm vụ ({result['changed']} mới hoặc thay đổi).")
            return redirect("tasks:index")
    return render(request, "tasks/import.html", {"problems": problems, "breadcrumbs": _crumbs(("Nhập tệp", None))},
                  status=400 if problems else 200)


@login_required
def template(request: HttpRequest) -> HttpResponse:
    from .importing import TEMPLATE_HEADER

    response = HttpResponse(("\ufeff" + ",".join(TEMPLATE_HEADER) + "\n").encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE}"'
    return response
