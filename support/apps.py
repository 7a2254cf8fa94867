from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    registers = "support.models.Register"
    verbose_name = _("Chính sách hỗ trợ")

    def ready(self):
        from demo.hooks import register as register_demo
        from engine.providers import register
        from web.nav import register as nav

        from .demo import load_demo_support
        from .providers import PROVIDERS

        for code, provider in PROVIDERS.items():
            register(code, provider)
        nav(_("Hỗ trợ"), "support:index", order=60)
        register_demo("support", load_demo_support)
