"""Old reports (Word or text) and the candidate figures found in them, waiting for review.

A document is kept as its paragraphs (the file itself is not stored); its ``digest`` — of the
text, whatever the file kind — makes a second upload of the same report the same document,
whose candidates are not created twice.  A candidate is one number of one paragraph (unique by
paragraph and position) with its suggestion; an officer confirms (possibly corrected),
discards or leaves it; a confirmation writes through ``datavalues.writing`` with the document
and paragraph as the value's source, unless the stored value differs (status ``conflict``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegacyDocument(models.Model):
    title = models.CharField(_("tên văn bản"), max_length=500)
    filename = models.CharField(_("tên tệp"), max_length=255)
    digest = models.CharField(_("dấu vân tay nội dung"), max_length=64, unique=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
                             related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ báo cáo"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo cũ")
        verbose_name_plural = _("báo cáo cũ")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class LegacyParagraph(models.Model):
    document = models.ForeignKey(LegacyDocument, on_delete=models.CASCADE, related_name="paragraphs")
    index = models.PositiveIntegerField(_("thứ tự đoạn"))
    text = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("đoạn văn")
        verbose_name_plural = _("đoạn văn")
        ordering = ["document", "index"]
        constraints = [models.UniqueConstraint(fields=["document", "index"], name="legacy_paragraph_unique")]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.index + 1}"


class CandidateStatus(models.TextChoices):
    PENDING = "cho", _("Chờ xem xét")
    CONFIRMED = "xac_nhan", _("Đã xác nhận")
    DISCARDED = "bo", _("Đã bỏ qua")
    CONFLICT = "xung_dot", _("Khác số liệu đã có")


class LegacyCandidate(models.Model):
    document = models.ForeignKey(LegacyDocument, on_delete=models.CASCADE, related_name="candidates")
    paragraph = models.ForeignKey(LegacyParagraph, on_delete=models.CASCADE, related_name="candidates")
    start = models.PositiveIntegerField(_("vị trí trong đoạn"))
    raw = models.CharField(_("số như trong văn bản"), max_length=64)
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=6)
    value_to = models.DecimalField(_("đến giá trị"), max_digits=20, decimal_places=6, null=True, blank=True)
    measure = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    sentence = models.TextField(_("câu"))
    indicator = models.ForeignKey("indicators.Indicator", verbose_name=_("chỉ tiêu"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    option = models.ForeignKey("indicators.Option", verbose_name=_("nhóm"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    score = models.FloatField(_("độ tin cậy gợi ý"), default=0)
    status = models.CharField(_("trạng thái"), max_length=8, choices=CandidateStatus.choices,
                              default=CandidateStatus.PENDING, db_index=True)
    corrected = models.BooleanField(_("đã sửa gợi ý"), default=False)
    stored_value = models.DecimalField(_("số liệu đã có"), max_digits=20, decimal_places=6, null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xem xét"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("thời điểm xem xét"), null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu ứng viên")
        verbose_name_plural = _("số liệu ứng viên")
        ordering = ["document", "paragraph__index", "start"]
        constraints = [models.UniqueConstraint(fields=["paragraph", "start"], name="legacy_candidate_unique")]

    def __str__(self) -> str:
        return f"{self.raw} {self.measure}"

    def source_text(self) -> str:
        """The value's source: the document and the paragraph, with the sentence."""
        head = f"{self.document.title} (báo cáo cũ #{self.document_id}), đoạn {self.paragraph.index + 1}: "
        return (head + "“" + self.sentence + "”")[:1000]
