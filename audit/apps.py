from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Nhật ký thay đổi")

    def ready(self):
        from web.nav import register

        register(_("Nhật ký"), "audit:list", order=90)
