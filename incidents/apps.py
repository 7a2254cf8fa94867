from django.utils.translation import gettext_lazy as _

from records import apps


class IncidentsConfig(apps.RecordAppConfig):
    name = "incidents"
    verbose_name = _("Dịch bệnh, vi phạm")
    nav = ((_("Dịch bệnh, vi phạm"), "incidents:index", 66),)
