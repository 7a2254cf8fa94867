from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = _("Ghi chép từ văn bản")

    def ready(self):
        from demo.hooks import register as register_demo

        from .demo import load_demo_notes

        register_demo("notes", load_demo_notes)
