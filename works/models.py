"""Infrastructure works of the production areas (kênh mương, đường nội đồng, nước sinh
hoạt …): planned → under construction → completed, with dates.

``unit`` is the commune of the work, or the smallest unit containing every commune it
crosses (``communes`` then names them): 13 km of tea-area roads in Xã Sùng Phài and
Xã San Thàng sit on Thành phố Lai Châu.  A record may stand for several works when a
document gives only their total ("06 công trình thủy lợi … 7,2 km"); ``works_count``
says how many (empty when the document does not say).  Only ``works.actions``
writes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models import MONEY, QUANTITY, FundingSource


class Register(models.TextChoices):
    """The registers this app keeps (their ``records.models.Coverage`` declarations)."""

    WORKS = "works", _("Công trình hạ tầng")



class WorkType(models.TextChoices):
    """Values are the options of the catalogue's WORK_TYPE disaggregation."""

    CANAL = "CANAL", _("Kênh mương, công trình thủy lợi")
    ROAD = "ROAD", _("Đường giao thông nội đồng")
    TEA_ROAD = "TEA_ROAD", _("Đường giao thông vùng sản xuất chè")
    DOMESTIC_WATER = "DOMESTIC_WATER", _("Công trình nước sinh hoạt")
    OTHER = "OTHER", _("Công trình khác")


class WorkStatus(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch, chuẩn bị đầu tư")
    UNDER_CONSTRUCTION = "building", _("Đang thi công")
    COMPLETED = "completed", _("Đã hoàn thành")


class Work(models.Model):
    name = models.CharField(_("tên công trình"), max_length=500)
    work_type = models.CharField(_("loại công trình"), max_length=16, choices=WorkType.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    communes = models.ManyToManyField("units.Unit", verbose_name=_("các xã, phường công trình đi qua"), blank=True,
                                      related_name="+")
    works_count = models.PositiveIntegerField(_("số công trình"), null=True, blank=True, default=1,
                                              help_text=_("Để trống khi văn bản không nêu số công trình."))
    length_km = models.DecimalField(_("chiều dài (km)"), null=True, blank=True, **QUANTITY)
    capacity = models.DecimalField(_("quy mô, công suất"), null=True, blank=True, **QUANTITY)
    capacity_measure = models.CharField(_("đơn vị quy mô"), max_length=32, blank=True,
                                        help_text=_("Ví dụ: hộ, m³/ngày đêm, ha tưới."))
    funding_source = models.CharField(_("nguồn vốn"), max_length=12, choices=FundingSource.choices,
                                      default=FundingSource.UNKNOWN)
    programme_name = models.CharField(_("chương trình, đề án"), max_length=500, blank=True)
    project = models.ForeignKey("capital.Project", verbose_name=_("dự án vốn"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="works")
    investment = models.DecimalField(_("tổng mức đầu tư (triệu đồng)"), null=True, blank=True, **MONEY)
    status = models.CharField(_("trạng thái"), max_length=12, choices=WorkStatus.choices,
                              default=WorkStatus.PLANNED, db_index=True)
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    completed_from = models.DateField(_("hoàn thành từ ngày (khi không rõ ngày)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("công trình hạ tầng")
        verbose_name_plural = _("công trình hạ tầng")
        ordering = ["unit__code", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_summary(self) -> bool:
        return self.works_count != 1
