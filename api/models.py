"""The mapping between Bậc Thang codes and the UIDs of a partner's DHIS2 instance.

DHIS2 identifies everything by an 11-character UID.  A ``dataValueSets`` document
names a value by ``dataElement`` (→ an indicator), ``categoryOptionCombo`` (→ an
option of the indicator's disaggregation, or the total), ``orgUnit`` (→ a unit) and
``period`` (the codes are shared, see ``api.dhis2``).  An ADX document names the
breakdown by its categories instead (``category`` → a plain disaggregation,
``categoryOption`` → one of its options), and a metadata export names each
disaggregation's ``categoryCombo``.  Each DHIS2 instance a province exchanges data
with gets its own mapping, edited in the admin or loaded from a CSV file
(``manage.py dhis2_load_mapping``).

The mapping is one-to-one inside an instance: a UID names one Bậc Thang object and a
Bậc Thang object has at most one UID, so an export re-imports to the same values.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

uid_validator = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9]{10}$",
    _("UID của DHIS2 gồm 11 ký tự chữ và số, bắt đầu bằng một chữ cái, ví dụ fbfJHSPpUQD."),
)


class Dhis2Instance(models.Model):
    """A DHIS2 server of a partner that pulls or pushes data values."""

    name = models.CharField(_("tên"), max_length=64, unique=True,
                            help_text=_("Tên ngắn dùng trong API và lệnh quản trị, ví dụ hispvn."))
    url = models.URLField(_("địa chỉ"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("máy chủ DHIS2")
        verbose_name_plural = _("máy chủ DHIS2")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    DATA_ELEMENT = "dataElement", _("Phần tử dữ liệu (dataElement) ↔ chỉ tiêu")
    CATEGORY_OPTION_COMBO = "categoryOptionCombo", _("Tổ hợp phân tổ (categoryOptionCombo) ↔ nhóm hoặc số tổng")
    ORG_UNIT = "orgUnit", _("Đơn vị tổ chức (orgUnit) ↔ đơn vị hành chính")
    CATEGORY_COMBO = "categoryCombo", _("Bộ phân tổ (categoryCombo) ↔ phân tổ hoặc phân tổ kết hợp")
    CATEGORY = "category", _("Phân tổ (category) ↔ phân tổ đơn")
    CATEGORY_OPTION = "categoryOption", _("Nhóm phân tổ (categoryOption) ↔ nhóm của phân tổ đơn")


# The kinds whose target is a disaggregation, and those whose target is an option.
DISAGGREGATION_KINDS = (Kind.CATEGORY_COMBO, Kind.CATEGORY)


class Dhis2Mapping(models.Model):
    """One DHIS2 UID and the Bậc Thang object it stands for.

    * ``dataElement`` → ``indicator``;
    * ``categoryOptionCombo`` → ``option``, or no option for the total (DHIS2's
      ``default`` combo, used by indicators without disaggregation);
    * ``orgUnit`` → ``unit``;
    * ``categoryCombo`` → ``disaggregation`` (plain or crossed: DHIS2's category
      combination of the indicators that use it);
    * ``category`` → ``disaggregation`` (a plain one: a crossing is not a category);
    * ``categoryOption`` → ``option`` (an option of a plain disaggregation).
    """

    instance = models.ForeignKey(Dhis2Instance, verbose_name=_("máy chủ DHIS2"), on_delete=models.CASCADE,
                                 related_name="mappings")
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    uid = models.CharField(_("UID DHIS2"), max_length=11, validators=[uid_validator])
    name = models.CharField(_("tên trong DHIS2"), max_length=255, blank=True)
    indicator = models.ForeignKey("indicators.Indicator", verbose_name=_("chỉ tiêu"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey("indicators.Option", verbose_name=_("nhóm"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+",
                               help_text=_("Với tổ hợp phân tổ: để trống nghĩa là số tổng (default)."))
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    disaggregation = models.ForeignKey("indicators.Disaggregation", verbose_name=_("phân tổ"), null=True,
                                       blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ánh xạ DHIS2")
        verbose_name_plural = _("ánh xạ DHIS2")
        ordering = ["instance__name", "kind", "uid"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "kind", "uid"], name="dhis2_mapping_uid_unique"),
            models.UniqueConstraint(fields=["instance", "indicator"], condition=Q(kind=Kind.DATA_ELEMENT),
                                    name="dhis2_mapping_indicator_unique"),
            models.UniqueConstraint(fields=["instance", "option"],
                                    condition=Q(kind=Kind.CATEGORY_OPTION_COMBO, option__isnull=False),
                                    name="dhis2_mapping_option_unique"),
            models.UniqueConstraint(fields=["instance"],
                                    condition=Q(kind=Kind.CATEGORY_OPTION_COMBO, option__isnull=True),
                                    name="dhis2_mapping_total_unique"),
            models.UniqueConstraint(fields=["instance", "unit"], condition=Q(kind=Kind.ORG_UNIT),
                                    name="dhis2_mapping_unit_unique"),
            models.UniqueConstraint(fields=["instance", "disaggregation"], condition=Q(kind=Kind.CATEGORY_COMBO),
                                    name="dhis2_mapping_category_combo_unique"),
            models.UniqueConstraint(fields=["instance", "disaggregation"], condition=Q(kind=Kind.CATEGORY),
                                    name="dhis2_mapping_category_unique"),
            models.UniqueConstraint(fields=["instance", "option"], condition=Q(kind=Kind.CATEGORY_OPTION),
                                    name="dhis2_mapping_category_option_unique"),
            models.CheckConstraint(
                condition=(
                    Q(kind=Kind.DATA_ELEMENT, indicator__isnull=False, option__isnull=True, unit__isnull=True,
                      disaggregation__isnull=True)
                    | Q(kind=Kind.CATEGORY_OPTION_COMBO, indicator__isnull=True, unit__isnull=True,
                        disaggregation__isnull=True)
                    | Q(kind=Kind.ORG_UNIT, unit__isnull=False, indicator__isnull=True, option__isnull=True,
                        disaggregation__isnull=True)
                    | Q(kind__in=DISAGGREGATION_KINDS, disaggregation__isnull=False, indicator__isnull=True,
                        option__isnull=True, unit__isnull=True)
                    | Q(kind=Kind.CATEGORY_OPTION, option__isnull=False, indicator__isnull=True, unit__isnull=True,
                        disaggregation__isnull=True)
                ),
                name="dhis2_mapping_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instance}: {self.kind} {self.uid} → {self.target_code}"

    @property
    def target_code(self) -> str:
        if self.kind == Kind.DATA_ELEMENT:
            return self.indicator.code if self.indicator_id else "?"
        if self.kind == Kind.ORG_UNIT:
            return self.unit.code if self.unit_id else "?"
        if self.kind in DISAGGREGATION_KINDS:
            return self.disaggregation.code if self.disaggregation_id else "?"
        if self.option_id:
            return f"{self.option.disaggregation.code}:{self.option.code}"
        return "?" if self.kind == Kind.CATEGORY_OPTION else "(tổng)"

    def clean(self) -> None:
        errors = {}
        if self.kind == Kind.DATA_ELEMENT:
            if not self.indicator_id:
                errors["indicator"] = _("Phần tử dữ liệu phải ánh xạ tới một chỉ tiêu.")
            if self.option_id or self.unit_id or self.disaggregation_id:
                errors["kind"] = _("Phần tử dữ liệu chỉ ánh xạ tới chỉ tiêu; để trống nhóm, phân tổ và đơn vị.")
        elif self.kind == Kind.CATEGORY_OPTION_COMBO:
            if self.indicator_id or self.unit_id or self.disaggregation_id:
                errors["kind"] = _("Tổ hợp phân tổ chỉ ánh xạ tới một nhóm (hoặc để trống cho số tổng).")
        elif self.kind == Kind.ORG_UNIT:
            if not self.unit_id:
                errors["unit"] = _("Đơn vị tổ chức phải ánh xạ tới một đơn vị hành chính.")
            if self.indicator_id or self.option_id or self.disaggregation_id:
                errors["kind"] = _("Đơn vị tổ chức chỉ ánh xạ tới đơn vị; để trống chỉ tiêu, nhóm và phân tổ.")
        elif self.kind in DISAGGREGATION_KINDS:
            if not self.disaggregation_id:
                errors["disaggregation"] = _("Bộ phân tổ và phân tổ phải ánh xạ tới một phân tổ.")
            elif self.kind == Kind.CATEGORY and self.disaggregation.categories.exists():
                errors["disaggregation"] = _("Phân tổ kết hợp không phải một phân tổ (category) của DHIS2; hãy ánh "
                                             "xạ từng phân tổ đơn của nó, còn phân tổ kết hợp là bộ phân tổ "
                                             "(categoryCombo).")
            if self.indicator_id or self.option_id or self.unit_id:
                errors["kind"] = _("Bộ phân tổ và phân tổ chỉ ánh xạ tới phân tổ; để trống chỉ tiêu, nhóm và đơn vị.")
        elif self.kind == Kind.CATEGORY_OPTION:
            if not self.option_id:
                errors["option"] = _("Nhóm phân tổ phải ánh xạ tới một nhóm.")
            elif self.option.disaggregation.categories.exists():
                errors["option"] = _("Tổ hợp của phân tổ kết hợp là một tổ hợp phân tổ (categoryOptionCombo), "
                                     "không phải một nhóm phân tổ (categoryOption).")
            if self.indicator_id or self.unit_id or self.disaggregation_id:
                errors["kind"] = _("Nhóm phân tổ chỉ ánh xạ tới nhóm; để trống chỉ tiêu, phân tổ và đơn vị.")
        if errors:
            raise ValidationError(errors)


class Dhis2DataSet(models.Model):
    """A DHIS2 data set: the indicators exported when a partner asks for ``dataSet=UID``."""

    instance = models.ForeignKey(Dhis2Instance, verbose_name=_("máy chủ DHIS2"), on_delete=models.CASCADE,
                                 related_name="data_sets")
    uid = models.CharField(_("UID DHIS2"), max_length=11, validators=[uid_validator])
    name = models.CharField(_("tên"), max_length=255, blank=True)
    indicators = models.ManyToManyField("indicators.Indicator", verbose_name=_("chỉ tiêu"), blank=True,
                                        related_name="+")

    class Meta:
        verbose_name = _("bộ dữ liệu DHIS2")
        verbose_name_plural = _("bộ dữ liệu DHIS2")
        ordering = ["instance__name", "uid"]
        constraints = [models.UniqueConstraint(fields=["instance", "uid"], name="dhis2_dataset_uid_unique")]

    def __str__(self) -> str:
        return f"{self.instance}: {self.name or self.uid}"


class Dhis2ValueMeta(models.Model):
    """What DHIS2 says about a data value and Bậc Thang has no column for.

    A data value keeps its number, comment and source (``datavalues.DataValue``), who
    last changed it in Bậc Thang and when.  A dataValueSets document also carries
    ``storedBy`` (a user of the *other* system), ``created``, ``lastUpdated`` and
    ``followup``; an import keeps them here so that exporting the value again gives
    them back unchanged (decision written in ``api/README.md``):

    * ``stored_by`` and ``last_updated`` describe one version of the value
      (``provenance_version``): once the value is changed in Bậc Thang, an export
      names the Bậc Thang user and time instead;
    * ``created`` is when the value first existed, whatever changed since;
    * ``followup`` is DHIS2's mark for review, kept until a later import changes it.

    The row goes with the value (a deleted value takes it along).  It is written only
    by a DHIS2 import, after the values themselves went through the one write path.
    """

    data_value = models.OneToOneField("datavalues.DataValue", verbose_name=_("số liệu"), primary_key=True,
                                      on_delete=models.CASCADE, related_name="dhis2_meta")
    provenance_version = models.PositiveIntegerField(
        _("phiên bản số liệu được mô tả"), null=True, blank=True,
        help_text=_("Người nhập và thời điểm cập nhật dưới đây đúng với phiên bản này của số liệu."))
    stored_by = models.CharField(_("người nhập (storedBy)"), max_length=255, blank=True)
    created = models.DateTimeField(_("tạo lúc (created)"), null=True, blank=True)
    last_updated = models.DateTimeField(_("cập nhật lúc (lastUpdated)"), null=True, blank=True)
    followup = models.BooleanField(_("cần xem lại (followup)"), default=False)

    class Meta:
        verbose_name = _("thông tin DHIS2 của số liệu")
        verbose_name_plural = _("thông tin DHIS2 của số liệu")

    def __str__(self) -> str:
        return f"{self.data_value_id}: {self.stored_by or '-'}"
