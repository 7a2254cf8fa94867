"""What documents say that is not a stored value.

* :class:`Note` — a fact that is not a number, bound to a unit and a date or period:
  where an outbreak happened, an export destination, a named farm or firm, an event
  (a fair, a visit, a trade-promotion conference).  Report builders cite the notes of
  their unit and period (``notes.reading``); a placeholder note (demo data standing in
  for records nobody has typed) is never cited.
* :class:`Statement` — a figure as a document wrote it, under its own label, that the
  data does not store because it restates stored figures: "tổng diện tích vùng trồng hoa,
  rau tập trung 78,65 ha" restates the flower and vegetable areas; "gấp 2,2 lần" restates
  an income against the income before.  ``validate`` (``collection.report``) computes the
  statement from the stored figures through the engine and lists it when the two differ,
  naming both figures.

Both are written only through ``notes.actions`` (validation + audit).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteKind(models.TextChoices):
    OUTBREAK = "dich_benh", _("Dịch bệnh, nơi xảy ra")
    EVENT = "su_kien", _("Sự kiện, hội chợ, xúc tiến thương mại")
    MARKET = "thi_truong", _("Thị trường, xuất khẩu")
    ENTERPRISE = "doanh_nghiep", _("Doanh nghiệp, trang trại, HTX tiêu biểu")
    LEADERSHIP = "lanh_dao", _("Lãnh đạo, chỉ đạo, văn bản ban hành")
    OTHER = "khac", _("Khác")


class Note(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("ngày"), null=True, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=NoteKind.choices, default=NoteKind.OTHER)
    topic = models.CharField(_("chủ đề (mã chỉ tiêu)"), max_length=64, blank=True,
                             help_text=_("Mã chỉ tiêu mà ghi chép này nói thêm, ví dụ DISEASE_OUTBREAKS."))
    text = models.TextField(_("nội dung"))
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    is_placeholder = models.BooleanField(
        _("dữ liệu giả định"), default=False,
        help_text=_("Bản ghi mẫu thay cho dữ liệu chưa có: không bao giờ đưa vào báo cáo."))

    class Meta:
        verbose_name = _("ghi chép")
        verbose_name_plural = _("ghi chép")
        ordering = ["unit__code", "period__start", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.unit.code} · {self.period.code} · {self.text[:60]}"


class Statement(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("nhãn như văn bản ghi"), max_length=255)
    left = models.CharField(_("biểu thức"), max_length=500,
                            help_text=_("Mã chỉ tiêu và phép + - * /, ví dụ CROP_AREA.FLOWER + CROP_AREA.VEGETABLE."))
    value = models.DecimalField(_("số văn bản ghi"), max_digits=20, decimal_places=4, null=True, blank=True)
    measure = models.CharField(_("đơn vị tính"), max_length=32, blank=True)
    right = models.CharField(_("biểu thức so sánh"), max_length=500, blank=True,
                             help_text=_("Một số khác văn bản ghi cho cùng đại lượng (để trống: so với số ghi)."))
    base = models.CharField(_("số gốc (khi văn bản ghi «gấp … lần»)"), max_length=500, blank=True)
    base_period = models.ForeignKey("periods.Period", verbose_name=_("kỳ của số gốc"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    multiple = models.DecimalField(_("số lần văn bản ghi"), max_digits=12, decimal_places=4, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân văn bản ghi"), default=2)
    quote = models.TextField(_("trích dẫn"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("số liệu văn bản ghi lại")
        verbose_name_plural = _("số liệu văn bản ghi lại")
        ordering = ["unit__code", "period__start", "pk"]

    def __str__(self) -> str:
        return f"{self.unit.code} · {self.period.code} · {self.label}"
