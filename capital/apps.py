from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapitalConfig(AppConfig):
    name = "capital"
    registers = "capital.models.Register"
    verbose_name = _("Vốn đầu tư")

    def ready(self):
        from demo.hooks import register as register_demo
        from engine.providers import register
        from web.nav import register as nav

        from .demo import load_demo_capital
        from .providers import PROVIDERS

        for code, provider in PROVIDERS.items():
            register(code, provider)
        nav(_("Vốn đầu tư"), "capital:index", order=62)
        register_demo("capital", load_demo_capital)
