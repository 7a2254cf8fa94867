from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The record framework under every record-keeping app (see ``records/__init__.py``)."""

    name = "records"
    verbose_name = _("Khung hồ sơ")
