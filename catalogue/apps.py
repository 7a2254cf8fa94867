from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Danh mục OCOP công khai")

    def ready(self):
        from demo.hooks import register as register_demo

        from .demo import load_demo_catalogue

        register_demo("catalogue", load_demo_catalogue)
