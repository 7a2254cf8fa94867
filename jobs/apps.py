from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Việc chạy nền")
    # Read by web (apps declare their menu entries, they do not import web).
    nav = ((_("Nhập tệp số liệu"), "jobs:import_values", 24, {"admin", "province", "district", "commune"}),)

    def ready(self):
        from . import kinds  # noqa: F401  (registers the job kinds)
