from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegacyConfig(AppConfig):
    name = "legacy"
    verbose_name = _("Báo cáo cũ")
    # Read by web (a domain app never imports web).
    nav = ((_("Báo cáo cũ"), "legacy:index", 78, {"commune", "district", "province", "admin"}),)
