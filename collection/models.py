"""Report forms (biểu mẫu báo cáo), validation rules, plausibility settings and the
submission workflow of each (form, unit, period).

* ``ReportForm`` groups indicators (``FormRow``, each with the options entered as
  columns) that the units of one level in a subtree report for one period type, with
  a deadline rule (``deadline_for``) and a version number that Excel templates carry.
* ``ValidationRule`` is *left operator right* over indicator references
  (``HERD == HERD.BUFFALO + HERD.CATTLE + HERD.PIG``); ``importance`` says whether a
  violation blocks submission (error) or needs a comment (warning).
* ``Plausibility`` sets min/max and the ratio against the same period of earlier
  years per indicator (a row without indicator is the default for every indicator).
* ``Submission`` is the state of one (form, unit, period): draft → submitted →
  approved → locked, or returned with a reason; an admin may reopen with a logged
  reason.  ``SubmissionEvent`` is the workflow history shown on the entry page.

Deadline rule (Decree 09/2019/NĐ-CP art. 12): a periodic report's data window ends on
the 14th of the last month of the period (``Period.window_end``); the report of a
form is due ``deadline_offset_days`` after that day.  The demo forms use 0 days for
communes (due on the 14th), 3 for districts (the 17th) and 6 for the province (the
20th, the Decree's latest date for reports sent to the Government).  Seasons and
terms have no statutory window: their window ends on their last day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, IndicatorKind, Option, code_validator
from periods.models import Period, PeriodType
from units.models import Level, Unit


class ReportForm(models.Model):
    """A report form (biểu mẫu): what one level of units reports for one period type."""

    code = models.CharField(_("mã biểu"), max_length=32, unique=True, validators=[code_validator],
                            help_text=_("Chữ in hoa không dấu, ví dụ BC_THANG_XA."))
    name = models.CharField(_("tên biểu"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    period_type = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodType.choices)
    level = models.PositiveSmallIntegerField(_("cấp báo cáo"), choices=Level.choices,
                                             help_text=_("Các đơn vị ở cấp này nộp báo cáo."))
    root_unit = models.ForeignKey(Unit, verbose_name=_("địa bàn áp dụng"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  help_text=_("Để trống: áp dụng cho cả nước."))
    deadline_offset_days = models.SmallIntegerField(
        _("hạn nộp (số ngày sau ngày chốt số liệu)"), default=0,
        help_text=_("Ngày chốt số liệu theo Nghị định 09/2019/NĐ-CP là ngày 14 của tháng cuối kỳ. "
                    "0: nộp trong ngày 14 (cấp xã); 3: ngày 17 (cấp huyện); 6: ngày 20 (cấp tỉnh)."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1,
                                          help_text=_("Tăng khi sửa các dòng của biểu; tệp Excel mẫu cũ bị từ chối."))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def deadline_for(self, period: Period) -> dt.date:
        return period.window_end + dt.timedelta(days=self.deadline_offset_days)

    def applies_to(self, unit: Unit) -> bool:
        return unit.level == self.level and (self.root_unit is None or self.root_unit.contains(unit))

    def expected_units(self, period: Period, within: Unit | None = None):
        """The units that must report this form for ``period`` (inside ``within`` when given)."""
        qs = Unit.objects.filter(level=self.level).valid_during(period.start, period.end)
        for root in (self.root_unit, within):
            if root is not None:
                qs = qs.filter(Q(pk=root.pk) | Q(code__startswith=root.code + "."))
        return qs.order_by("code")

    def level_noun(self) -> str:
        return LEVEL_NOUNS[self.level]


LEVEL_NOUNS = {
    Level.PROVINCE: "tỉnh, thành phố",
    Level.DISTRICT: "huyện, thành phố",
    Level.COMMUNE: "xã, phường, thị trấn",
}


class TotalMode(models.TextChoices):
    ENTER = "enter", _("Nhập số tổng")
    SUM = "sum", _("Tự cộng các nhóm")
    NONE = "none", _("Không có số tổng")


class FormRow(models.Model):
    """One indicator of a form, with the options entered as its columns."""

    form = models.ForeignKey(ReportForm, verbose_name=_("biểu"), on_delete=models.CASCADE, related_name="rows")
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+")
    options = models.ManyToManyField(Option, verbose_name=_("các nhóm (cột)"), blank=True, related_name="+",
                                     help_text=_("Để trống nếu chỉ nhập số tổng."))
    total = models.CharField(
        _("số tổng"), max_length=5, choices=TotalMode.choices, default=TotalMode.ENTER,
        help_text=_("Với chỉ tiêu có các nhóm: nhập số tổng, tự cộng các nhóm, hay không có số tổng "
                    "(các nhóm khác đơn vị tính, hoặc một cơ sở có thể thuộc nhiều nhóm)."),
    )
    section = models.CharField(_("phần"), max_length=128, blank=True,
                               help_text=_("Tiêu đề phần của biểu, ví dụ 'Chăn nuôi'."))
    label = models.CharField(_("tên hiển thị"), max_length=255, blank=True,
                             help_text=_("Để trống: dùng tên chỉ tiêu."))
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("dòng của biểu")
        verbose_name_plural = _("các dòng của biểu")
        ordering = ["form", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "indicator"], name="formrow_unique_indicator")]

    def __str__(self) -> str:
        return self.label or self.indicator.name

    @property
    def title(self) -> str:
        return self.label or self.indicator.name

    def clean(self) -> None:
        if self.indicator_id and self.indicator.kind == IndicatorKind.FORMULA:
            raise ValidationError({"indicator": _("Chỉ tiêu tính theo công thức không nhập trên biểu.")})


class Importance(models.TextChoices):
    ERROR = "error", _("Lỗi (chặn nộp báo cáo)")
    WARNING = "warning", _("Cảnh báo (cần giải trình)")


class Operator(models.TextChoices):
    EQ = "==", _("bằng")
    LE = "<=", _("không lớn hơn")
    GE = ">=", _("không nhỏ hơn")
    LT = "<", _("nhỏ hơn")
    GT = ">", _("lớn hơn")
    NE = "!=", _("khác")


class ValidationRule(models.Model):
    """*left operator right* over indicator references, checked on entry, upload,
    submission and in the validation report.

    A side is an arithmetic expression over indicator codes: ``HERD`` is the total,
    ``HERD.PIG`` an option, numbers and ``+ - * / ( )`` are allowed.  With
    ``per_option`` the rule is checked for the total and for every option of the
    first indicator's disaggregation, bare codes standing for the same option
    (``CROP_HARVEST_AREA <= CROP_AREA``: the harvested tea area cannot exceed the tea
    area, and so on for each crop).  A side whose every reference is missing skips
    the rule; otherwise a missing term of a sum counts as 0, and a missing factor or
    divisor skips the rule.
    """

    code = models.CharField(_("mã"), max_length=48, unique=True, validators=[code_validator])
    name = models.CharField(_("tên quy tắc"), max_length=255)
    left = models.CharField(_("vế trái"), max_length=500)
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Operator.choices, default=Operator.EQ)
    right = models.CharField(_("vế phải"), max_length=500)
    per_option = models.BooleanField(_("áp dụng cho từng nhóm"), default=False)
    tolerance = models.DecimalField(_("sai số cho phép"), max_digits=12, decimal_places=4, default=0,
                                    help_text=_("Chênh lệch tuyệt đối được bỏ qua (làm tròn)."))
    importance = models.CharField(_("mức độ"), max_length=8, choices=Importance.choices, default=Importance.ERROR)
    period_types = models.JSONField(_("áp dụng cho loại kỳ"), default=list, blank=True,
                                    help_text=_("Danh sách loại kỳ (month, year, season …); để trống: mọi kỳ."))
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}: {self.left} {self.operator} {self.right}"

    def applies_to_period(self, period: Period) -> bool:
        return not self.period_types or period.period_type in self.period_types

    def clean(self) -> None:
        from django.apps import apps

        bad = [t for t in self.period_types or [] if t not in PeriodType.values]
        if bad:
            raise ValidationError({"period_types": _("Loại kỳ không hợp lệ: %s") % ", ".join(map(str, bad))})
        apps.get_app_config("collection").check_rule(self)  # collection.rules compiles it (rules imports models)


class Plausibility(models.Model):
    """When a value is implausible (a warning): outside [min, max], or more than
    ``max_ratio`` times (or less than 1/``max_ratio`` of) the median of the same period
    in the ``years`` earlier years — never the previous month, so seasonal series
    (planting in spring, harvest in autumn) are compared with their own season."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+",
                                  help_text=_("Để trống: mặc định cho mọi chỉ tiêu."))
    option = models.ForeignKey(Option, verbose_name=_("nhóm"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+", help_text=_("Để trống: áp dụng cho tổng và mọi nhóm."))
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=20, decimal_places=6, null=True, blank=True)
    max_ratio = models.DecimalField(_("tối đa gấp bao nhiêu lần cùng kỳ"), max_digits=8, decimal_places=2,
                                    null=True, blank=True, help_text=_("Để trống: không so với cùng kỳ."))
    years = models.PositiveSmallIntegerField(_("số năm trước để so sánh"), default=3)

    class Meta:
        verbose_name = _("ngưỡng hợp lý")
        verbose_name_plural = _("ngưỡng hợp lý")
        ordering = ["indicator__code", "option__code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "option"], condition=Q(option__isnull=False),
                                    name="plausibility_unique_option"),
            models.UniqueConstraint(fields=["indicator"], condition=Q(option__isnull=True),
                                    name="plausibility_unique_indicator"),
        ]

    def __str__(self) -> str:
        if self.indicator_id is None:
            return str(_("Mặc định"))
        return f"{self.indicator.code}" + (f".{self.option.code}" if self.option_id else "")

    def clean(self) -> None:
        if self.option_id and not self.indicator_id:
            raise ValidationError({"option": _("Chọn chỉ tiêu trước khi chọn nhóm.")})
        if self.option_id and self.option.disaggregation_id != self.indicator.disaggregation_id:
            raise ValidationError({"option": _("Nhóm không thuộc phân tổ của chỉ tiêu.")})
        if self.indicator_id is None:
            others = Plausibility.objects.filter(indicator__isnull=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(_("Đã có ngưỡng mặc định cho mọi chỉ tiêu."))
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError(_("Giá trị nhỏ nhất lớn hơn giá trị lớn nhất."))
        if self.max_ratio is not None and self.max_ratio <= 1:
            raise ValidationError({"max_ratio": _("Tỷ lệ phải lớn hơn 1.")})



class Status(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")
    LOCKED = "locked", _("Đã khóa")


EDITABLE = {Status.DRAFT, Status.RETURNED}
DONE = {Status.SUBMITTED, Status.APPROVED, Status.LOCKED}


class Submission(models.Model):
    """The workflow state of one (form, unit, period)."""

    form = models.ForeignKey(ReportForm, verbose_name=_("biểu"), on_delete=models.PROTECT,
                             related_name="submissions")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    form_version = models.PositiveIntegerField(_("phiên bản biểu"), default=1)
    comment = models.TextField(_("giải trình"), blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    warnings = models.PositiveIntegerField(_("số cảnh báo khi nộp"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["form", "period__start", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["form", "unit", "period"], name="submission_unique")]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.unit.name} · {self.period.code} ({self.get_status_display()})"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def done(self) -> bool:
        return self.status in DONE

    def deadline(self) -> dt.date:
        return self.form.deadline_for(self.period)

    def on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.submitted_at) <= self.deadline()


class EventAction(models.TextChoices):
    SUBMIT = "submit", _("Nộp báo cáo")
    APPROVE = "approve", _("Duyệt")
    RETURN = "return", _("Trả lại")
    LOCK = "lock", _("Khóa số liệu")
    REOPEN = "reopen", _("Mở lại")
    UPLOAD = "upload", _("Tải tệp Excel lên")


class SubmissionEvent(models.Model):
    """One step of a submission's workflow (append-only, shown on the entry page)."""

    submission = models.ForeignKey(Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE,
                                   related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("thao tác"), max_length=8, choices=EventAction.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=Status.choices)
    reason = models.TextField(_("lý do, giải trình"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("các bước xử lý báo cáo")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
