from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Nhiệm vụ")

    def ready(self):
        from demo.hooks import register as register_demo
        from web.nav import register as nav

        from .demo import load_demo_tasks

        nav(_("Nhiệm vụ"), "tasks:index", order=28)
        register_demo("tasks", load_demo_tasks)
