"""The app configs of the record framework.

``RecordAppConfig`` is the base of every record-keeping app's AppConfig: it declares,
as class attributes, what the app brings and registers it when the app is ready —

* ``registers`` — the app's registers (``(code, label)`` pairs or the dotted path of a
  ``TextChoices``), offered by ``records.models.Coverage``;
* ``providers`` — the dotted path of its ``{indicator code: provider}`` dict
  (``engine.providers``);
* ``demo`` — the dotted path of its demo loader (``demo.hooks``);
* ``nav`` — its menu entries ``(label, url name, order[, roles])``, which ``web``
  reads from every app config (a domain app never imports ``web``).
"""

from django.apps import AppConfig
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The record framework under every record-keeping app (see ``records/__init__.py``)."""

    default = True  # the config of this app (RecordAppConfig below is the base of the others)
    name = "records"
    verbose_name = _("Khung hồ sơ")


class RecordAppConfig(AppConfig):
    """Subclass it as ``records.apps.RecordAppConfig`` (through the module, so that Django
    finds only the subclass in the app's apps.py)."""

    registers = None
    providers: str = ""
    demo: str = ""
    nav: tuple = ()

    def ready(self) -> None:
        if self.providers:
            from engine.providers import register

            for code, provider in import_string(self.providers).items():
                register(code, provider)
        if self.demo:
            from demo.hooks import register as register_demo

            register_demo(self.label, import_string(self.demo))
