from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Chương trình và mục tiêu")

    def ready(self):
        from demo.hooks import register as register_demo

        from .demo import load_demo_legal_bases

        register_demo("programmes", load_demo_legal_bases)
