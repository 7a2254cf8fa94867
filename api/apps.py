from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from web.nav import register

        register(_("Trao đổi DHIS2"), "api:dhis2-exchange", order=80,
                 roles=["commune", "district", "province", "admin"])
