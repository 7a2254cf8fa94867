from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "collection"
    verbose_name = _("Thu thập số liệu")
    nav = ((_("Nhập số liệu"), "collection:index", 20, ("commune", "district", "province", "admin")),
           (_("Tiến độ báo cáo"), "collection:progress", 22, ("district", "province", "leader", "admin")),
           (_("Kiểm tra số liệu"), "collection:validation", 24, ("district", "province", "leader", "admin")))

    def check_rule(self, rule) -> None:
        """``ValidationRule.clean``: a rule that does not compile is a ValidationError."""
        from django.core.exceptions import ValidationError

        from .rules import RuleError, compile_rule

        try:
            compile_rule(rule)
        except RuleError as e:
            raise ValidationError(str(e)) from e

    def ready(self) -> None:
        from demo.hooks import register as register_demo

        from .demo import load_demo_collection

        register_demo("collection", load_demo_collection)

        from datavalues.writing import WRITE_GUARDS

        from .actions import refuse_locked_changes

        if refuse_locked_changes not in WRITE_GUARDS:
            WRITE_GUARDS.append(refuse_locked_changes)
