"""Programmes (resolutions, plans, schemes) and the targets they set.

A programme is a document that sets targets: Nghị quyết 05-NQ/TU of the Lai Châu
Provincial Party Committee (2021-2025), or Lai Châu City's 2023 production plan that
implements it.  A target is a figure (indicator, option, unit, period) with a value
and a direction: most targets are "at least" ("trên 1.600 tấn").  A target can be
split among child units; the split is stored as the children's own targets, and
``Target.split_total`` checks that they add up.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from datavalues.models import Figure


class DocumentType(models.TextChoices):
    RESOLUTION = "nghi_quyet", _("Nghị quyết")
    PLAN = "ke_hoach", _("Kế hoạch")
    SCHEME = "de_an", _("Đề án")
    DECISION = "quyet_dinh", _("Quyết định")
    PROGRAMME = "chuong_trinh", _("Chương trình")


class Programme(models.Model):
    code = models.CharField(_("mã"), max_length=64, unique=True,
                            help_text=_("Thường là số hiệu văn bản, ví dụ 05-NQ/TU."))
    doc_type = models.CharField(_("loại văn bản"), max_length=16, choices=DocumentType.choices,
                                default=DocumentType.RESOLUTION)
    number = models.CharField(_("số hiệu"), max_length=64, blank=True)
    signed_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("periods.Period", verbose_name=_("giai đoạn"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", verbose_name=_("thực hiện văn bản"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="children")
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("chương trình, kế hoạch")
        verbose_name_plural = _("chương trình, kế hoạch")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.code}"


class Operator(models.TextChoices):
    AT_LEAST = ">=", _("Đạt ít nhất (trên)")
    EXACTLY = "=", _("Đạt")
    AT_MOST = "<=", _("Không vượt quá")


class Target(Figure):
    programme = models.ForeignKey(Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE,
                                  related_name="targets")
    operator = models.CharField(_("hướng"), max_length=2, choices=Operator.choices, default=Operator.AT_LEAST)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["programme__code", "indicator__sort_order", "unit__code", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "indicator", "option", "unit", "period"],
                                    condition=Q(option__isnull=False), name="target_unique_option"),
            models.UniqueConstraint(fields=["programme", "indicator", "unit", "period"],
                                    condition=Q(option__isnull=True), name="target_unique_total"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.indicator.code} {self.unit.code} {self.period.code} {self.value}"

    def split_targets(self):
        """Targets of the same programme, indicator, option and period set for the child units."""
        return Target.objects.filter(
            programme_id=self.programme_id, indicator_id=self.indicator_id, option_id=self.option_id,
            period_id=self.period_id, unit__parent_id=self.unit_id,
        )

    def split_total(self) -> Decimal | None:
        """The sum of the children's targets, or None when the target is not split."""
        agg = self.split_targets().aggregate(total=Sum("value"))
        return agg["total"]


class LegalBasis(models.Model):
    """A document a programme's own document is based on ("Căn cứ …"), printed as it is:
    the 2023 plan of Lai Châu City rests on Kế hoạch 2169/KH-UBND and Quyết định
    3038/QĐ-UBND (giving the year's socio-economic targets) — not on the resolution
    above them.  ``programme_ref``: the basis is itself a programme of the system."""

    programme = models.ForeignKey(Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE,
                                  related_name="legal_bases")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    doc_type = models.CharField(_("loại văn bản"), max_length=64, help_text=_("Ví dụ Quyết định, Kế hoạch."))
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    signed_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    title = models.CharField(_("trích yếu (như văn bản ghi)"), max_length=500, blank=True)
    programme_ref = models.ForeignKey(Programme, verbose_name=_("là chương trình"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.number}".strip()
