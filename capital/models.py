"""Capital plans and disbursements (kế hoạch vốn, giải ngân).

* :class:`Project` — a programme and its projects, sub-projects and components
  (Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS&MN → Dự án 1 → nước sinh
  hoạt phân tán).  ``line_code`` is the option of the ``CAPITAL_LINE``
  disaggregation that the project's money feeds; a project's figure includes its
  sub-projects.
* :class:`PlanLine` — capital allocated to a project, for a unit, from a funding
  source, for one year (triệu đồng).
* :class:`Disbursement` — money disbursed (triệu đồng) on a day, or over a span of
  days when the document only gives a cumulative figure ("đã giải ngân được 5.078
  triệu đồng" to the December 2023 report: 01/01/2022 – 14/12/2023).

Only ``capital.actions`` writes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models import MONEY, FundingSource


class Register(models.TextChoices):
    """The registers this app keeps (their ``records.models.Coverage`` declarations)."""

    CAPITAL = "capital", _("Kế hoạch vốn và giải ngân")



class ProjectLevel(models.TextChoices):
    PROGRAMME = "programme", _("Chương trình")
    PROJECT = "project", _("Dự án")
    SUBPROJECT = "subproject", _("Tiểu dự án")
    COMPONENT = "component", _("Nội dung, hợp phần")


class Project(models.Model):
    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=500)
    level = models.CharField(_("cấp"), max_length=12, choices=ProjectLevel.choices, default=ProjectLevel.PROJECT)
    parent = models.ForeignKey("self", verbose_name=_("thuộc"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    programme = models.ForeignKey("programmes.Programme", verbose_name=_("văn bản chương trình, nghị quyết"),
                                  null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    line_code = models.CharField(_("mã dòng vốn (phân tổ CAPITAL_LINE)"), max_length=32, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("chương trình, dự án")
        verbose_name_plural = _("chương trình, dự án")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class PlanLine(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("chương trình, dự án"), on_delete=models.PROTECT,
                                related_name="plan_lines")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị được giao"), on_delete=models.PROTECT,
                             related_name="+")
    funding_source = models.CharField(_("nguồn vốn"), max_length=12, choices=FundingSource.choices,
                                      default=FundingSource.UNKNOWN)
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    amount = models.DecimalField(_("vốn được phân bổ (triệu đồng)"), **MONEY)
    decision_number = models.CharField(_("số quyết định giao vốn"), max_length=64, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("dòng kế hoạch vốn")
        verbose_name_plural = _("kế hoạch vốn")
        ordering = ["project__sort_order", "project__code", "unit__code", "year", "id"]

    def __str__(self) -> str:
        return f"{self.project.name} — {self.unit.name} — {self.year}"


class Disbursement(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("chương trình, dự án"), on_delete=models.PROTECT,
                                related_name="disbursements")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    funding_source = models.CharField(_("nguồn vốn"), max_length=12, choices=FundingSource.choices,
                                      default=FundingSource.UNKNOWN)
    disbursed_on = models.DateField(_("ngày giải ngân (hoặc ngày số liệu)"))
    disbursed_from = models.DateField(
        _("lũy kế từ ngày"), help_text=_("Bằng ngày giải ngân khi là một lần giải ngân; ngày đầu kỳ khi là số lũy kế."))
    amount = models.DecimalField(_("số tiền giải ngân (triệu đồng)"), **MONEY)
    plan_year = models.PositiveSmallIntegerField(_("thuộc kế hoạch vốn năm"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lần giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["-disbursed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project.name} — {self.unit.name} — {self.disbursed_on:%d/%m/%Y}"
