from django.utils.translation import gettext_lazy as _

from records import apps


class RegistriesConfig(apps.RecordAppConfig):
    name = "registries"
    verbose_name = _("Sổ đăng ký")
    registers = "registries.models.RegistryKind"
    coverage_rule = "registries"  # registries.territory.covers, not records.providers
    demo = "registries.demo.load_demo_registries"
    nav = ((_("Sổ đăng ký"), "registries:index", 40),)

    def ready(self) -> None:
        from .providers import register_all

        register_all()
        super().ready()
