"""What the reports app stores: the free text users write into a report, and the Word
templates an administrator uploaded.

* :class:`ReportText` — one text section (tasks for next month, assessment, causes,
  the issuing body, the signer …) of one report: kind × unit × period × section.
  Every figure of a report is computed by the engine; only these texts are typed.
* :class:`ReportTemplate` — an uploaded .docx replacing the default template of a
  report kind.  The file is kept in the database (the project has no MEDIA_ROOT)
  and is validated before it is saved (``reports.rendering.validate_template``).

Both are written only through ``reports.actions`` (validation + audit).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Báo cáo tình hình sản xuất nông, lâm nghiệp hằng tháng")
    REVIEW = "review", _("Báo cáo sơ kết thực hiện nghị quyết, chương trình")
    PLAN = "plan", _("Kế hoạch sản xuất năm")


class ReportText(models.Model):
    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportKind.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    section = models.CharField(_("mục"), max_length=48)
    text = models.TextField(_("nội dung"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("thời điểm sửa"), auto_now=True)

    class Meta:
        verbose_name = _("nội dung văn bản báo cáo")
        verbose_name_plural = _("nội dung văn bản báo cáo")
        ordering = ["kind", "unit__code", "period__start", "section"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "period", "section"], name="report_text_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit.code} · {self.period.code} · {self.section}"


class ReportTemplate(models.Model):
    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportKind.choices, unique=True)
    filename = models.CharField(_("tên tệp"), max_length=200)
    content = models.BinaryField(_("nội dung tệp"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu văn bản báo cáo")
        verbose_name_plural = _("mẫu văn bản báo cáo")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.filename})"


class EditAction(models.TextChoices):
    REPLACE = "replace", _("Viết lại câu")
    DROP = "drop", _("Bỏ câu")


class ReportEdit(models.Model):
    """A drafter's edit of one paragraph of a generated draft (kind × unit × period ×
    programme × paragraph key, see ``reports.drafting``): the sentence written by hand,
    or dropped.  ``original`` is the generated text the drafter saw, so a later change
    of the figures beneath an edited sentence is shown."""

    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportKind.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("chương trình"), max_length=64, blank=True)
    key = models.CharField(_("mã đoạn"), max_length=16)
    action = models.CharField(_("thao tác"), max_length=8, choices=EditAction.choices, default=EditAction.REPLACE)
    text = models.TextField(_("nội dung"), blank=True)
    original = models.TextField(_("câu hệ thống viết"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("thời điểm sửa"), auto_now=True)

    class Meta:
        verbose_name = _("chỉnh sửa bản thảo")
        verbose_name_plural = _("chỉnh sửa bản thảo")
        constraints = [models.UniqueConstraint(fields=["kind", "unit", "period", "programme", "key"],
                                               name="report_edit_unique")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.unit.code} · {self.period.code} · {self.key}"


class IssuedReport(models.Model):
    """A document issued (ban hành): the final .docx as signed and the figures it used."""

    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportKind.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("chương trình"), max_length=64, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=1000)
    issued_on = models.DateField(_("ngày ban hành"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("thời điểm ban hành"), auto_now_add=True)
    filename = models.CharField(_("tên tệp"), max_length=200)
    docx = models.BinaryField(_("văn bản Word"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    text = models.TextField(_("nội dung văn bản"))
    figures = models.JSONField(_("số liệu sử dụng"), default=list)

    class Meta:
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("văn bản đã ban hành")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.unit.code}, {self.period.code})"
