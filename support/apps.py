from django.utils.translation import gettext_lazy as _

from records import apps


class SupportConfig(apps.RecordAppConfig):
    name = "support"
    verbose_name = _("Chính sách hỗ trợ")
    registers = "support.models.Register"
    providers = "support.providers.PROVIDERS"
    demo = "support.demo.load_demo_support"
    nav = ((_("Hỗ trợ"), "support:index", 60),)
