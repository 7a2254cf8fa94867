"""The audit trail: one row per create, update or delete of a data value, a target
and (as later apps land) a registry, support or capital record.

Rows are written only by the ``do_*`` actions of the apps that own the data, in the
same transaction as the change.  They cannot be changed or deleted through the ORM
(``save`` of an existing row and ``delete`` raise) nor through the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")


class Channel(models.TextChoices):
    FORM = "form", _("Biểu nhập trên web")
    IMPORT = "import", _("Nhập tệp")
    API = "api", _("API")
    ADMIN = "admin", _("Trang quản trị")
    DEMO = "demo", _("Dữ liệu mẫu")
    SYSTEM = "system", _("Hệ thống")


class ImmutableError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise ImmutableError("Nhật ký thay đổi không thể xóa.")

    def update(self, **kwargs):
        raise ImmutableError("Nhật ký thay đổi không thể sửa.")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    action = models.CharField(_("thao tác"), max_length=8, choices=Action.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=32, db_index=True)
    object_id = models.BigIntegerField(_("mã đối tượng"), null=True, blank=True)
    # The natural key of the changed figure, kept even after the object is deleted.
    indicator_code = models.CharField(_("chỉ tiêu"), max_length=48, blank=True, db_index=True)
    option_code = models.CharField(_("nhóm"), max_length=32, blank=True)
    unit_code = models.CharField(_("đơn vị"), max_length=32, blank=True, db_index=True)
    period_code = models.CharField(_("kỳ"), max_length=16, blank=True, db_index=True)
    programme_code = models.CharField(_("chương trình"), max_length=64, blank=True)
    old = models.JSONField(_("giá trị cũ"), null=True, blank=True)
    new = models.JSONField(_("giá trị mới"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (f"{self.get_action_display()} {self.object_type} {self.indicator_code} "
                f"{self.unit_code} {self.period_code}")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("Nhật ký thay đổi không thể sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Nhật ký thay đổi không thể xóa.")
