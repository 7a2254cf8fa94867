from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngineConfig(AppConfig):
    name = "engine"
    verbose_name = _("Tổng hợp và tiến độ")

    def ready(self):
        from django.core.signals import request_started

        from datavalues.writing import WRITE_LISTENERS

        from .maintain import WriteListener
        from .providers import end_computation

        request_started.connect(end_computation, dispatch_uid="engine_end_computation")

        if not any(isinstance(x, WriteListener) for x in WRITE_LISTENERS):
            WRITE_LISTENERS.append(WriteListener())
