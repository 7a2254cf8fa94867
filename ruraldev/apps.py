from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RuraldevConfig(AppConfig):
    name = "ruraldev"
    verbose_name = _("Nông thôn mới")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from demo.hooks import register as register_demo
        from engine.providers import register
        from web.nav import register as nav

        from .demo import load_demo_ruraldev
        from .providers import PROVIDERS

        for code, provider in PROVIDERS.items():
            register(code, provider)
        nav(_("Nông thôn mới"), "ruraldev:index", order=58)
        register_demo("ruraldev", load_demo_ruraldev)
