from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegacyConfig(AppConfig):
    name = "legacy"
    verbose_name = _("Báo cáo cũ")

    def ready(self):
        from web.nav import register as nav

        nav(_("Báo cáo cũ"), "legacy:index", order=78, roles={"commune", "district", "province", "admin"})
