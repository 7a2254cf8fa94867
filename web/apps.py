from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "web"
    verbose_name = _("Giao diện web")

    def ready(self) -> None:
        from .nav import register

        register(_("Tổng quan"), "web:dashboard_home", order=10)
        register(_("Chỉ tiêu"), "web:catalogue", order=12)
        register(_("Bảng số liệu xã"), "web:commune_table_home", order=26)
