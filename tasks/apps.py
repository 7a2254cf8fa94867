from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Nhiệm vụ")
    nav = ((_("Nhiệm vụ"), "tasks:index", 28),)  # read by web (a domain app never imports web)

    def ready(self):
        from demo.hooks import register as register_demo

        from .demo import load_demo_tasks

        register_demo("tasks", load_demo_tasks)
