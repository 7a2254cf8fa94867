from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RuraldevConfig(AppConfig):
    name = "ruraldev"
    verbose_name = _("Nông thôn mới")
    nav = ((_("Nông thôn mới"), "ruraldev:index", 58),)  # read by web (a domain app never imports web)
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from demo.hooks import register as register_demo
        from engine.providers import register

        from .demo import load_demo_ruraldev
        from .providers import PROVIDERS

        for code, provider in PROVIDERS.items():
            register(code, provider)
        register_demo("ruraldev", load_demo_ruraldev)
