from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "collection"
    verbose_name = _("Thu thập số liệu")

    def ready(self) -> None:
        from demo.hooks import register as register_demo
        from web.nav import register

        officers = ["commune", "district", "province", "admin"]
        overseers = ["district", "province", "leader", "admin"]
        register(_("Nhập số liệu"), "collection:index", order=20, roles=officers)
        register(_("Tiến độ báo cáo"), "collection:progress", order=22, roles=overseers)
        register(_("Kiểm tra số liệu"), "collection:validation", order=24, roles=overseers)

        from .demo import load_demo_collection

        register_demo("collection", load_demo_collection)

        from datavalues.writing import WRITE_GUARDS

        from .actions import refuse_locked_changes

        if refuse_locked_changes not in WRITE_GUARDS:
            WRITE_GUARDS.append(refuse_locked_changes)
