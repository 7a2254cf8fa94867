from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from demo.hooks import register as register_demo
        from web.nav import register as register_nav

        from .demo import load_demo_texts

        register_nav(_("Báo cáo"), "reports:index", order=60)
        register_demo("reports", load_demo_texts)
