"""Pages of the background jobs: the value-file import form, a job's page whose progress
bar refreshes itself (htmx polling of the status fragment) and says when it is ready, the
result file, the list of one's jobs.  A user sees only the jobs they asked for (an
administrator every job); another's job answers 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.scope import is_admin, role_of
from bacthang.lib.importing import MAX_BYTES

from .models import Job
from .runner import live, submit

WRITERS = {Role.ADMIN, Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER}
SUFFIXES = (".csv", ".xlsx")


def _job_or_404(request, pk: int) -> Job:
    qs = Job.objects.all() if is_admin(request.user) else Job.objects.filter(created_by=request.user)
    job = qs.filter(pk=pk).first()
    if job is None:
        raise Http404("Không tìm thấy việc này.")
    return job


def _crumbs(*extra):
    from django.urls import reverse

    return [{"label": "Việc chạy nền", "url": reverse("jobs:list")}, *extra]


@login_required
@require_http_methods(["GET", "POST"])
def import_values(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in WRITERS:
        raise PermissionDenied("Bạn không có quyền nhập số liệu.")
    problem = ""
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            problem = "Chọn tệp CSV hoặc Excel (.xlsx) để tải lên."
        elif not f.name.lower().endswith(SUFFIXES):
            problem = "Chỉ nhận tệp .csv hoặc .xlsx."
        elif f.size > MAX_BYTES:
            problem = f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB)."
        elif f.size == 0:
            problem = "Tệp rỗng."
        else:
            job = submit("import_values", f"Nhập tệp số liệu {f.name}", request.user, upload=f.read(),
                         input_name=f.name[:200])
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "jobs/import_values.html", {
        "problem": problem, "max_mb": MAX_BYTES // (1024 * 1024),
        "breadcrumbs": _crumbs({"label": "Nhập tệp số liệu", "url": ""}),
    }, status=400 if problem else 200)


def _status_context(job: Job) -> dict:
    progress, message = live(job)
    return {"job": job, "progress": progress, "message": message}


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    return render(request, "jobs/detail.html", {**_status_context(job),
                                                "breadcrumbs": _crumbs({"label": job.title, "url": ""})})


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    response = render(request, "jobs/_status.html", _status_context(job))
    if job.finished and request.headers.get("HX-Request"):
        response["HX-Trigger"] = "job-finished"
    return response


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if not job.finished or not job.result_name or not job.result_path().exists():
        raise Http404("Việc này không có tệp kết quả.")
    return FileResponse(job.result_path().open("rb"), as_attachment=True, filename=job.result_name)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    from web.listing import sort_and_page

    qs = Job.objects.all() if is_admin(request.user) else Job.objects.filter(created_by=request.user)
    listing = sort_and_page(request, qs, {"title": ("Việc", "title"), "state": ("Trạng thái", "state"),
                                          "created": ("Lúc yêu cầu", "created_at"),
                                          "finished": ("Lúc xong", "finished_at")}, default="-created", per_page=30)
    return render(request, "jobs/list.html", {"listing": listing, "breadcrumbs": _crumbs()})
