from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Việc chạy nền")

    def ready(self):
        from web.nav import register

        from . import kinds  # noqa: F401  (registers the job kinds)

        register(_("Nhập tệp số liệu"), "jobs:import_values", order=24,
                 roles={"admin", "province", "district", "commune"})
