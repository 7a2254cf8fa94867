from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "registries"
    registers = "registries.models.RegistryKind"
    coverage_rule = "registries"  # registries.territory.covers, not records.providers
    verbose_name = _("Sổ đăng ký")

    def ready(self):
        from demo.hooks import register as register_demo
        from web.nav import register as register_nav

        from .demo import load_demo_registries
        from .providers import register_all

        register_all()
        register_nav(_("Sổ đăng ký"), "registries:index", order=40)
        register_demo("registries", load_demo_registries)
