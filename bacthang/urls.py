from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

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
