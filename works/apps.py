from django.utils.translation import gettext_lazy as _

from records import apps


class WorksConfig(apps.RecordAppConfig):
    name = "works"
    verbose_name = _("Công trình hạ tầng")
    registers = "works.models.Register"
    providers = "works.providers.PROVIDERS"
    demo = "works.demo.load_demo_works"
    nav = ((_("Công trình"), "works:index", 64),)
