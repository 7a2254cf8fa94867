"""New-rural-development (nông thôn mới, NTM) criteria, evaluations and recognition.

* :class:`CriteriaSet` — a set of criteria with its legal basis (decision, date, in force
  from / until) and level (xã nông thôn mới, nâng cao, kiểu mẫu; district and province
  sets can be held too).  A national set has no ``province``; a province's own copy has
  one.  Sets are versioned: ``based_on`` is the set a copy was made from.
* :class:`Criterion` (tiêu chí) → :class:`CriterionIndicator` (chỉ tiêu: yes/no, a number
  compared with a threshold, or a choice) → :class:`Threshold` (per commune group; ``""``
  is every commune).  A threshold nobody could confirm against the decision's text is a
  *placeholder* (``is_placeholder``): shown as such, never used to decide a status.
* :class:`Evaluation` — one commune, one year, one set: its workflow (draft → submitted
  → approved; approved years are locked) and its :class:`IndicatorResult` rows, with
  :class:`Evidence` files.
* :class:`Recognition` — the decision recognising a commune at a level; may be withdrawn.

**A set in use is never edited in place.**  Once an evaluation points at a set, saving or
deleting the set, its criteria, indicators or thresholds raises :class:`SetInUse`; a change
is made on a new version (``ruraldev.actions.do_revise``), so past evaluations keep the
version they were made against.  Only ``ruraldev.actions`` writes evaluations.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Unit


class SetInUse(ValidationError):
    """A criteria set with evaluations was about to change in place."""


class Level(models.TextChoices):
    # The values are the options of the catalogue's NTM_LEVEL disaggregation.
    BASIC = "BASIC", _("Xã nông thôn mới")
    ADVANCED = "ADVANCED", _("Xã nông thôn mới nâng cao")
    MODEL = "MODEL", _("Xã nông thôn mới kiểu mẫu")
    DISTRICT = "DISTRICT", _("Huyện nông thôn mới")
    DISTRICT_ADVANCED = "DISTRICT_ADVANCED", _("Huyện nông thôn mới nâng cao")
    PROVINCE = "PROVINCE", _("Tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới")


COMMUNE_LEVELS = {Level.BASIC, Level.ADVANCED, Level.MODEL}

# What "tiêu chí nông thôn mới …" is called after a count in a sentence ("10/19 tiêu chí …").
LEVEL_PHRASE = {
    Level.BASIC: "tiêu chí nông thôn mới",
    Level.ADVANCED: "tiêu chí nông thôn mới nâng cao",
    Level.MODEL: "tiêu chí nông thôn mới kiểu mẫu",
    Level.DISTRICT: "tiêu chí huyện nông thôn mới",
    Level.DISTRICT_ADVANCED: "tiêu chí huyện nông thôn mới nâng cao",
    Level.PROVINCE: "tiêu chí tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới",
}


class Kind(models.TextChoices):
    YES_NO = "yes_no", _("Đạt / không đạt")
    NUMBER = "number", _("Số, so với ngưỡng")
    CHOICE = "choice", _("Lựa chọn")


class Comparison(models.TextChoices):
    GE = ">=", _("từ … trở lên (≥)")
    GT = ">", _("trên (>)")
    LE = "<=", _("không quá (≤)")
    LT = "<", _("dưới (<)")
    EQ = "=", _("bằng (=)")


class Status(models.TextChoices):
    MET = "dat", _("Đạt")
    NOT_MET = "chua_dat", _("Chưa đạt")
    UNKNOWN = "chua_danh_gia", _("Chưa đánh giá")


class Workflow(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt (đã khóa)")


EDITABLE = {Workflow.DRAFT, Workflow.RETURNED}


class _Guarded(models.Model):
    """Rows of a criteria set: refuse to change in place while the set is in use."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            self._check_free()
        else:
            owner = self.owning_set()
            if owner is not None and not isinstance(self, CriteriaSet) and owner.in_use():
                self._check_free()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_free()
        return super().delete(*args, **kwargs)

    def owning_set(self) -> CriteriaSet | None:
        raise NotImplementedError

    def _check_free(self) -> None:
        owner = self.owning_set()
        if owner is not None and owner.pk and owner.in_use():
            raise SetInUse(_("Bộ tiêu chí “%(name)s” (phiên bản %(v)s) đã được dùng để đánh giá; không sửa tại "
                             "chỗ — hãy tạo phiên bản mới.") % {"name": owner.name, "v": owner.version})


class CriteriaSet(_Guarded):
    code = models.CharField(_("mã bộ tiêu chí"), max_length=64,
                            help_text=_("Giống nhau giữa các phiên bản của một bộ, ví dụ 318-2022-XA."))
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    level = models.CharField(_("cấp độ"), max_length=20, choices=Level.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decision_date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    in_force_from = models.DateField(_("có hiệu lực từ"))
    in_force_until = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    region = models.CharField(_("vùng áp dụng ngưỡng"), max_length=200, blank=True,
                              help_text=_("Ví dụ: Trung du và miền núi phía Bắc."))
    groups = models.JSONField(_("nhóm xã"), default=list, blank=True,
                              help_text=_("Danh sách [mã, tên] các nhóm xã có ngưỡng riêng; để trống nếu một ngưỡng "
                                          "cho mọi xã."))
    province = models.ForeignKey(Unit, verbose_name=_("tỉnh ban hành bộ riêng"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("Để trống: bộ tiêu chí quốc gia."))
    based_on = models.ForeignKey("self", verbose_name=_("sao chép từ"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="copies")
    source = models.TextField(_("nguồn dữ liệu"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ tiêu chí nông thôn mới")
        verbose_name_plural = _("bộ tiêu chí nông thôn mới")
        ordering = ["code", "version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="ruraldev_set_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def delete(self, *args, **kwargs):
        if self.pk and self.in_use():
            super()._check_free()
        return models.Model.delete(self, *args, **kwargs)

    def owning_set(self):
        return self

    def _check_free(self) -> None:
        if self.pk and self.in_use():
            old = CriteriaSet.objects.filter(pk=self.pk).values().first() or {}
            changed = {k for k, v in old.items() if getattr(self, k) != v}
            # Closing a set (it was replaced) is not a change of its content.
            if changed - {"in_force_until", "note"}:
                super()._check_free()


    def in_use(self) -> bool:
        return self.pk is not None and Evaluation.objects.filter(criteria_set_id=self.pk).exists()

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day <= self.in_force_until)

    @property
    def placeholder_count(self) -> int:
        return Threshold.objects.filter(indicator__criterion__criteria_set=self, is_placeholder=True).count()

    def group_name(self, code: str) -> str:
        for c, name in self.groups or []:
            if c == code:
                return name
        return ""


class Criterion(_Guarded):
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE,
                                     related_name="criteria")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên tiêu chí"), max_length=300)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "number"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "number"], name="ruraldev_criterion_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def owning_set(self):
        return self.criteria_set if self.criteria_set_id else None


class CriterionIndicator(_Guarded):
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE,
                                  related_name="indicators")
    code = models.CharField(_("mã chỉ tiêu"), max_length=16, help_text=_("Ví dụ 10.1."))
    name = models.CharField(_("nội dung chỉ tiêu"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    choices = models.JSONField(_("các lựa chọn"), default=list, blank=True)
    catalogue_code = models.CharField(_("chỉ tiêu trong danh mục"), max_length=64, blank=True,
                                      help_text=_("Mã chỉ tiêu của danh mục mà giá trị được đọc qua bộ máy tổng hợp; "
                                                  "để trống nếu cán bộ nhập."))
    catalogue_option = models.CharField(_("nhóm phân tổ trong danh mục"), max_length=64, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu của tiêu chí")
        verbose_name_plural = _("chỉ tiêu của tiêu chí")
        ordering = ["criterion", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["criterion", "code"], name="ruraldev_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def owning_set(self):
        return self.criterion.criteria_set if self.criterion_id else None

    @property
    def computed(self) -> bool:
        return bool(self.catalogue_code)

    def threshold_for(self, group: str) -> Threshold | None:
        rows = list(self.thresholds.all())
        for t in rows:
            if t.group == group:
                return t
        for t in rows:
            if t.group == "":
                return t
        return None


class Threshold(_Guarded):
    indicator = models.ForeignKey(CriterionIndicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE,
                                  related_name="thresholds")
    group = models.CharField(_("nhóm xã"), max_length=16, blank=True, help_text=_("Để trống: mọi xã."))
    comparison = models.CharField(_("so sánh"), max_length=2, choices=Comparison.choices, default=Comparison.GE)
    value = models.DecimalField(_("ngưỡng"), max_digits=18, decimal_places=6, null=True, blank=True)
    accepted = models.JSONField(_("lựa chọn đạt"), default=list, blank=True)
    is_placeholder = models.BooleanField(
        _("ngưỡng tạm, chưa xác nhận"), default=False,
        help_text=_("Chưa đối chiếu được với văn bản: không dùng để tự đánh giá; tỉnh cần nhập ngưỡng đúng."))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("ngưỡng")
        verbose_name_plural = _("ngưỡng")
        ordering = ["indicator", "group"]
        constraints = [models.UniqueConstraint(fields=["indicator", "group"], name="ruraldev_threshold_unique")]

    def __str__(self) -> str:
        from .evaluation import threshold_text

        return f"{self.indicator.code}: {threshold_text(self)}"

    def owning_set(self):
        return self.indicator.criterion.criteria_set if self.indicator_id else None

    @property
    def display(self) -> str:
        from .evaluation import threshold_text

        return threshold_text(self, mark=False)


class Evaluation(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT,
                                     related_name="evaluations")
    group = models.CharField(_("nhóm xã"), max_length=16, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Workflow.choices, default=Workflow.DRAFT)
    note = models.TextField(_("ghi chú"), blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("đánh giá tiêu chí nông thôn mới")
        verbose_name_plural = _("đánh giá tiêu chí nông thôn mới")
        ordering = ["unit__code", "year", "criteria_set__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "criteria_set"],
                                               name="ruraldev_evaluation_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.year} · {self.criteria_set}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def locked(self) -> bool:
        return self.status == Workflow.APPROVED


class IndicatorResult(models.Model):
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("đánh giá"), on_delete=models.CASCADE,
                                   related_name="results")
    indicator = models.ForeignKey(CriterionIndicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT,
                                  related_name="+")
    number = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=6, null=True, blank=True)
    yes = models.BooleanField(_("đạt (có/không)"), null=True, blank=True)
    choice = models.CharField(_("lựa chọn"), max_length=200, blank=True)
    status = models.CharField(_("kết quả cán bộ đánh giá"), max_length=16, choices=Status.choices,
                              default=Status.UNKNOWN)
    note = models.TextField(_("ghi chú"), blank=True)
    # A value read through the engine, frozen when the evaluation is approved.
    frozen_source = models.TextField(_("nguồn số liệu khi duyệt"), blank=True)
    frozen = models.BooleanField(_("đã chốt số liệu"), default=False)

    class Meta:
        verbose_name = _("kết quả chỉ tiêu")
        verbose_name_plural = _("kết quả chỉ tiêu")
        ordering = ["evaluation", "indicator__criterion__number", "indicator__sort_order"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"], name="ruraldev_result_unique")]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.indicator.code}"


class EvidenceStorage(FileSystemStorage):
    """Evidence files outside the static and media trees (served only through a view that
    checks the scope), in ``settings.RURALDEV_EVIDENCE_ROOT`` (default ``var/evidence``),
    read when used so tests and deployments can move it."""

    @property
    def base_location(self):
        return str(getattr(settings, "RURALDEV_EVIDENCE_ROOT", settings.BASE_DIR / "var" / "evidence"))

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)


def _evidence_storage():
    return EvidenceStorage()


class Evidence(models.Model):
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("đánh giá"), on_delete=models.CASCADE,
                                   related_name="evidence")
    indicator = models.ForeignKey(CriterionIndicator, verbose_name=_("chỉ tiêu"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("tệp"), storage=_evidence_storage, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["evaluation", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Recognition(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị được công nhận"), on_delete=models.PROTECT,
                             related_name="+")
    level = models.CharField(_("cấp độ"), max_length=20, choices=Level.choices)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("theo bộ tiêu chí"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    withdrawal_decision = models.CharField(_("số quyết định thu hồi"), max_length=64, blank=True)
    withdrawal_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("công nhận đạt chuẩn nông thôn mới")
        verbose_name_plural = _("công nhận đạt chuẩn nông thôn mới")
        ordering = ["unit__code", "decided_on"]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.get_level_display()} · {self.decision_number}"

    def holds_on(self, day: dt.date) -> bool:
        return self.decided_on <= day and (self.withdrawn_on is None or day < self.withdrawn_on)
