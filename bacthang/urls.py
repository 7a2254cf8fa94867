import logging

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.base import is_api_path, json_error, request_refusal

admin.site.site_header = _("Bậc Thang — quản trị")
admin.site.site_title = _("Bậc Thang")
admin.site.index_title = _("Dữ liệu chương trình phát triển nông nghiệp")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("bao-cao/", include("reports.urls")),
    path("nhap-so-lieu/", include("collection.urls")),
    path("so-dang-ky/", include("registries.urls")),
    path("ho-tro/", include("support.urls")),
    path("von/", include("capital.urls")),
    path("cong-trinh/", include("works.urls")),
    path("su-co/", include("incidents.urls")),
    path("ocop/", include("catalogue.urls")),
    path("nhiem-vu/", include("tasks.urls")),
    path("bao-cao-cu/", include("legacy.urls")),
    path("nong-thon-moi/", include("ruraldev.urls")),
    path("viec-nen/", include("jobs.urls")),
    path("ban-do/", include("maps.urls")),
    path("", include("web.urls")),
]


# Django's own error answers (a URL that matches nothing, a request refused before any view,
# an uncaught exception; DEBUG off).  Under /api/ they are the API's JSON with a Vietnamese
# message; elsewhere a Vietnamese page of the site (templates/400.html …) rendered with the
# request, so a signed-in user keeps the menu.  Rendering an error page must never fail in
# turn: if the full page raises (the database is down, a template breaks), a minimal
# Vietnamese page with the same status is sent instead.

ERROR_FALLBACK = {
    400: ("Yêu cầu không hợp lệ", "Máy chủ không hiểu yêu cầu này."),
    403: ("Không có quyền truy cập", "Bạn không có quyền mở trang này hoặc thực hiện thao tác này."),
    404: ("Không tìm thấy trang", "Trang bạn tìm không có hoặc không còn nữa."),
    500: ("Lỗi máy chủ", "Hệ thống gặp sự cố khi xử lý yêu cầu. Xin thử lại sau ít phút."),
}

logger = logging.getLogger(__name__)


def minimal_error_page(status: int) -> HttpResponse:
    """A page that depends on nothing: no template, no database, no static files."""
    title, sentence = ERROR_FALLBACK[status]
    body = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title} · Bậc Thang</title>'
            f'</head><body><h1>{title}</h1><p>{sentence}</p><p><a href="/">Về trang chủ</a></p></body></html>')
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def error_page(request, status: int, context: dict | None = None) -> HttpResponse:
    try:
        return render(request, f"{status}.html", context or {}, status=status)
    except Exception:
        logger.exception("The %s page could not be rendered; a minimal page was sent instead.", status)
        return minimal_error_page(status)


def _reason(exception) -> str:
    """The Vietnamese reason a view gave when refusing (PermissionDenied("Bạn không có quyền …"))."""
    message = exception.args[0] if exception is not None and getattr(exception, "args", None) else ""
    return message if isinstance(message, str) else ""


def bad_request(request, exception):
    if is_api_path(request):
        refusal = request_refusal(exception)
        if refusal is not None:
            return json_error(refusal.status_code, str(refusal.detail))
        return json_error(400)
    return error_page(request, 400)


def permission_denied(request, exception):
    if is_api_path(request):
        return json_error(403)
    return error_page(request, 403, {"reason": _reason(exception)})


def page_not_found(request, exception):
    if is_api_path(request):
        return json_error(404)
    return error_page(request, 404)


def server_error(request):
    if is_api_path(request):
        return json_error(500)
    return error_page(request, 500)


handler400 = bad_request
handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error
