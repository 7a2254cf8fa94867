from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapitalConfig(AppConfig):
    name = "capital"
    verbose_name = _("Vốn đầu tư")
