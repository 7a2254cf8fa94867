from django.utils.translation import gettext_lazy as _

from records import apps


class WorksConfig(apps.RecordAppConfig):
    name = "works"
    verbose_name = _("Công trình hạ tầng")
    nav = ((_("Công trình"), "works:index", 64),)
