"""Data values: one number per (indicator, option or total, unit, period).

``Figure`` is the shared shape of a data value and of a programme target
(``programmes.Target``).  Rows are written only through ``datavalues.writing``,
which validates, audits and keeps ``version`` for optimistic locking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Figure(models.Model):
    indicator = models.ForeignKey("indicators.Indicator", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT,
                                  related_name="+")
    option = models.ForeignKey("indicators.Option", verbose_name=_("nhóm"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("Để trống cho số tổng."))
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=6)
    comment = models.CharField(_("ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=1000, blank=True,
                              help_text=_("Văn bản, biểu mẫu hoặc câu trích dẫn mà số liệu được lấy từ đó."))
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cập nhật bởi"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    def key(self) -> tuple[int, int | None, int, int]:
        return (self.indicator_id, self.option_id, self.unit_id, self.period_id)


class DataValue(Figure):
    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["indicator__sort_order", "unit__code", "period__start"]
        constraints = [
            # Two partial constraints because NULL options are distinct in a plain unique index.
            models.UniqueConstraint(fields=["indicator", "option", "unit", "period"], condition=Q(option__isnull=False),
                                    name="datavalue_unique_option"),
            models.UniqueConstraint(fields=["indicator", "unit", "period"], condition=Q(option__isnull=True),
                                    name="datavalue_unique_total"),
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "unit"]),
            models.Index(fields=["unit", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.option_id or '-'}/{self.unit_id}/{self.period_id} = {self.value}"


class SyncBatch(models.Model):
    """A batch of values an offline device sent (``POST /api/sync``), kept with its answer so the
    same batch sent twice — the connection dropped before the answer arrived — applies once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.CASCADE,
                             related_name="+")
    batch_id = models.CharField(_("mã lô"), max_length=64)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    response = models.JSONField(_("kết quả"))

    class Meta:
        verbose_name = _("lô đồng bộ")
        verbose_name_plural = _("lô đồng bộ")
        constraints = [models.UniqueConstraint(fields=["user", "batch_id"], name="syncbatch_unique_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.batch_id}"
