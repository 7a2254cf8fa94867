from django.utils.translation import gettext_lazy as _

from records import apps


class SupportConfig(apps.RecordAppConfig):
    name = "support"
    verbose_name = _("Chính sách hỗ trợ")
    nav = ((_("Hỗ trợ"), "support:index", 60),)
