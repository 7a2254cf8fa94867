from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    registers = "incidents.models.Register"
    verbose_name = _("Dịch bệnh, vi phạm")

    def ready(self):
        from demo.hooks import register as register_demo
        from engine.providers import register
        from web.nav import register as nav

        from .demo import load_demo_incidents
        from .providers import PROVIDERS

        for code, provider in PROVIDERS.items():
            register(code, provider)
        nav(_("Dịch bệnh, vi phạm"), "incidents:index", order=66)
        register_demo("incidents", load_demo_incidents)
