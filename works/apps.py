from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksConfig(AppConfig):
    name = "works"
    registers = "works.models.Register"
    verbose_name = _("Công trình hạ tầng")

    def ready(self):
        from demo.hooks import register as register_demo
        from engine.providers import register
        from web.nav import register as nav

        from .demo import load_demo_works
        from .providers import PROVIDERS

        for code, provider in PROVIDERS.items():
            register(code, provider)
        nav(_("Công trình"), "works:index", order=64)
        register_demo("works", load_demo_works)
