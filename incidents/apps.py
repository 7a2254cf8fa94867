from django.utils.translation import gettext_lazy as _

from records import apps


class IncidentsConfig(apps.RecordAppConfig):
    name = "incidents"
    verbose_name = _("Dịch bệnh, vi phạm")
    registers = "incidents.models.Register"
    providers = "incidents.providers.PROVIDERS"
    demo = "incidents.demo.load_demo_incidents"
    nav = ((_("Dịch bệnh, vi phạm"), "incidents:index", 66),)
