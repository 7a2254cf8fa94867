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
        # Entries the apps declare on their AppConfig (``nav``: label, URL name, order[, roles]).
        from django.apps import apps

        for config in apps.get_app_configs():
            for label, url_name, order, *roles in getattr(config, "nav", ()):
                register(label, url_name, order=order, roles=roles[0] if roles else None)
