from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views import defaults

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
    path("", include("web.urls")),
]


# Django's own error answers (a URL that matches nothing, a request refused before any view,
# an uncaught exception; DEBUG off).  Under /api/ they are the API's JSON with a Vietnamese
# message; elsewhere Django's default pages are kept as they are.

def bad_request(request, exception):
    if is_api_path(request):
        refusal = request_refusal(exception)
        if refusal is not None:
            return json_error(refusal.status_code, str(refusal.detail))
        return json_error(400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_path(request):
        return json_error(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api_path(request):
        return json_error(404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_path(request):
        return json_error(500)
    return defaults.server_error(request)


handler400 = bad_request
handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error
