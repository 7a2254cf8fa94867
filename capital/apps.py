from django.utils.translation import gettext_lazy as _

from records import apps


class CapitalConfig(apps.RecordAppConfig):
    name = "capital"
    verbose_name = _("Vốn đầu tư")
    nav = ((_("Vốn đầu tư"), "capital:index", 62),)
