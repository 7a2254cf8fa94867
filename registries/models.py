"""Registries (sổ đăng ký): lists of real records from which indicators are counted.

* ``OcopProduct`` with its ``OcopEvaluation`` history (proposal → evaluation →
  decision; a certificate is valid 36 months from the decision date);
* ``Cooperative`` (HTX and THT) with ``CooperativeYear`` (revenue, member income);
* ``Farm`` (trang trại), ``LivestockFacility`` (cơ sở chăn nuôi tập trung);
* ``Certification`` (VietGAP, hữu cơ, RA, ISO, GlobalGAP …);
* ``PlantingCode`` (mã số vùng trồng, mã số cơ sở đóng gói);
* ``RegistryCoverage``: "the records of this registry are complete for this unit's
  territory" (see ``registries.territory``).

Every record sits on an administrative unit (a commune, or a district or province
when only that is known) and keeps that unit: across the 2025 reform the providers
map units through ``UnitSuccession``, records are never rewritten.

Records are written only by ``registries.actions`` (validation + audit).  Choice
values of the categories are the option codes of the catalogue's disaggregations
(COOP_FIELD, FARM_TYPE, FACILITY_SPECIES, OCOP_STARS, CERT_STANDARD), so the
providers map a record to its option without a table.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from records.models import Coverage, CoverageOf, Record, fold, normalise_text  # noqa: F401 (re-exported)
from units.models import Unit

from .rules import CENTRAL_LEVEL, CERTIFIED_STARS, PROVINCE_LEVEL, ocop_valid_until, stars_for_score


class RegistryKind(models.TextChoices):
    OCOP = "ocop", _("Sản phẩm OCOP")
    COOPERATIVE = "htx", _("Hợp tác xã, tổ hợp tác")
    FARM = "trang_trai", _("Trang trại")
    LIVESTOCK = "chan_nuoi", _("Cơ sở chăn nuôi tập trung")
    CERTIFICATION = "chung_nhan", _("Chứng nhận tiêu chuẩn")
    PLANTING_CODE = "ma_so", _("Mã số vùng trồng, cơ sở đóng gói")


def before(day_field: str, day: dt.date) -> Q:
    """``day_field`` is empty (not known) or on/before ``day``."""
    return Q(**{f"{day_field}__isnull": True}) | Q(**{f"{day_field}__lte": day})


def after(day_field: str, day: dt.date, inclusive: bool) -> Q:
    """``day_field`` is empty (open) or after ``day`` (on or after when inclusive)."""
    lookup = "gte" if inclusive else "gt"
    return Q(**{f"{day_field}__isnull": True}) | Q(**{f"{day_field}__{lookup}": day})


# =========================================================================== OCOP
class OcopGroup(models.TextChoices):
    """The six product groups of the OCOP programme."""

    FOOD = "thuc_pham", _("Thực phẩm")
    DRINK = "do_uong", _("Đồ uống")
    HERBAL = "duoc_lieu", _("Dược liệu và sản phẩm từ dược liệu")
    CRAFT = "thu_cong_my_nghe", _("Hàng thủ công mỹ nghệ")
    ORNAMENTAL = "sinh_vat_canh", _("Sinh vật cảnh")
    TOURISM = "du_lich", _("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")


class OwnerKind(models.TextChoices):
    COOPERATIVE = "htx", _("Hợp tác xã")
    GROUP = "tht", _("Tổ hợp tác")
    FIRM = "doanh_nghiep", _("Doanh nghiệp")
    HOUSEHOLD = "ho", _("Hộ sản xuất, kinh doanh")
    OTHER = "khac", _("Khác")


class OcopStatus(models.TextChoices):
    PROPOSED = "de_xuat", _("Đề xuất đánh giá")
    CERTIFIED = "cong_nhan", _("Đã công nhận")
    UPGRADE_PROPOSED = "de_nghi_nang_hang", _("Đề nghị nâng hạng")
    NOT_CERTIFIED = "chua_dat", _("Chưa đạt")
    EXPIRED = "het_han", _("Hết hiệu lực")
    REVOKED = "thu_hoi", _("Bị thu hồi")


class DecisionLevel(models.TextChoices):
    PROVINCE = PROVINCE_LEVEL, _("UBND tỉnh")
    CENTRAL = CENTRAL_LEVEL, _("Trung ương")


STAR_CHOICES = [(s, _("%(n)s sao") % {"n": s}) for s in (1, 2, 3, 4, 5)]


class OcopProductQuerySet(models.QuerySet):
    def certified_on(self, day: dt.date):
        """Products whose current certificate is valid on ``day`` (by the denormalised fields)."""
        return self.filter(decision_date__lte=day, valid_until__gte=day).filter(after("revoked_on", day, False))


class OcopProduct(Record):
    """A product in the OCOP programme (Chương trình mỗi xã một sản phẩm).

    Natural key: unit, product name, owner.  The certificate fields (stars, score,
    decision, valid until) are those of the latest certifying evaluation and are kept
    by ``registries.actions``; the history is in ``evaluations``.
    """

    REGISTRY = RegistryKind.OCOP
    NATURAL_KEY = ("unit", "name", "owner_name")
    NAME_FIELDS = ("name", "owner_name", "subgroup")
    SEARCH_FIELDS = ("name", "owner_name", "subgroup", "decision_no")

    name = models.CharField(_("tên sản phẩm"), max_length=255)
    owner_name = models.CharField(_("chủ thể"), max_length=255)
    owner_kind = models.CharField(_("loại chủ thể"), max_length=16, choices=OwnerKind.choices,
                                  default=OwnerKind.HOUSEHOLD)
    cooperative = models.ForeignKey(
        "Cooperative", verbose_name=_("HTX, THT chủ thể (trong sổ)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ocop_products",
    )
    group = models.CharField(_("nhóm sản phẩm"), max_length=20, choices=OcopGroup.choices, default=OcopGroup.FOOD)
    subgroup = models.CharField(_("phân nhóm"), max_length=128, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=OcopStatus.choices,
                              default=OcopStatus.PROPOSED)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    stars = models.PositiveSmallIntegerField(_("hạng sao"), choices=STAR_CHOICES, null=True, blank=True)
    decision_no = models.CharField(_("số quyết định công nhận"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_level = models.CharField(_("cấp công nhận"), max_length=12, choices=DecisionLevel.choices, blank=True)
    valid_until = models.DateField(_("giấy chứng nhận hiệu lực đến"), null=True, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=255, blank=True)

    objects = OcopProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["unit__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name", "owner_name"], name="ocop_product_natural_key"),
        ]
        indexes = [models.Index(fields=["valid_until"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.owner_name}"

    def clean(self):
        super().clean()
        errors: dict = {}
        if self.stars is not None and self.stars not in CERTIFIED_STARS:
            errors.setdefault("stars", []).append(_("Sản phẩm OCOP được công nhận từ 3 đến 5 sao."))
        if self.status == OcopStatus.REVOKED and not self.revoked_on:
            errors.setdefault("revoked_on", []).append(_("Sản phẩm bị thu hồi phải có ngày thu hồi."))
        if self.revoked_on and self.status != OcopStatus.REVOKED:
            errors.setdefault("status", []).append(_("Có ngày thu hồi thì trạng thái phải là 'Bị thu hồi'."))
        if errors:
            raise ValidationError(errors)

    def status_on(self, day: dt.date) -> str:
        """The status shown on ``day``: a certificate past its validity is expired."""
        if self.status in (OcopStatus.CERTIFIED, OcopStatus.UPGRADE_PROPOSED) and self.valid_until \
                and self.valid_until < day:
            return OcopStatus.EXPIRED
        return self.status

    def status_label_on(self, day: dt.date) -> str:
        return OcopStatus(self.status_on(day)).label


class EvaluationResult(models.TextChoices):
    PENDING = "cho_danh_gia", _("Chờ đánh giá")
    CERTIFIED = "dat", _("Đạt, được công nhận")
    NOT_CERTIFIED = "chua_dat", _("Chưa đạt")


class OcopEvaluation(models.Model):
    """One round of an OCOP product: proposal, evaluation, ranking and decision.

    ``workflow`` is the code of the rule in force (``registries.rules.ocop_workflow``)
    at the evaluation date — or at the proposal date while the evaluation is pending.
    """

    product = models.ForeignKey(OcopProduct, verbose_name=_("sản phẩm"), on_delete=models.CASCADE,
                                related_name="evaluations")
    workflow = models.CharField(_("quy trình áp dụng"), max_length=20)
    proposed_on = models.DateField(_("ngày đề xuất"), null=True, blank=True)
    proposer = models.ForeignKey(Unit, verbose_name=_("đơn vị đề xuất"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    proposed_stars = models.PositiveSmallIntegerField(_("hạng sao đề nghị"), choices=STAR_CHOICES, null=True,
                                                      blank=True)
    evaluated_on = models.DateField(_("ngày đánh giá, phân hạng"), null=True, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    stars = models.PositiveSmallIntegerField(_("hạng sao đạt"), choices=STAR_CHOICES, null=True, blank=True)
    result = models.CharField(_("kết quả"), max_length=16, choices=EvaluationResult.choices,
                              default=EvaluationResult.PENDING)
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_level = models.CharField(_("cấp công nhận"), max_length=12, choices=DecisionLevel.choices, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lượt đánh giá OCOP")
        verbose_name_plural = _("lịch sử đánh giá OCOP")
        ordering = ["product", "proposed_on", "evaluated_on", "id"]

    def __str__(self) -> str:
        when = self.decision_date or self.evaluated_on or self.proposed_on
        return f"{self.product.name}: {self.get_result_display()}" + (f" ({when:%d/%m/%Y})" if when else "")

    @property
    def key_date(self) -> dt.date | None:
        return self.evaluated_on or self.decision_date or self.proposed_on

    def clean(self):
        errors: dict = {}
        if self.stars is not None and self.score is not None and stars_for_score(self.score) != self.stars:
            errors.setdefault("stars", []).append(
                _("%(score)s điểm tương ứng %(band)s sao, không phải %(stars)s sao (5 sao: 90–100; 4 sao: 70–89; "
                  "3 sao: 50–69; 2 sao: 30–49).")
                % {"score": self.score.normalize(), "band": stars_for_score(self.score), "stars": self.stars})
        if self.result == EvaluationResult.CERTIFIED:
            if self.stars not in CERTIFIED_STARS:
                errors.setdefault("stars", []).append(_("Được công nhận thì phải đạt từ 3 sao trở lên."))
            if not self.decision_date:
                errors.setdefault("decision_date", []).append(_("Cần ngày quyết định công nhận."))
            if self.stars == 5 and self.decision_level and self.decision_level != DecisionLevel.CENTRAL:
                errors.setdefault("decision_level", []).append(_("Sản phẩm 5 sao do Trung ương công nhận."))
            if self.stars in (3, 4) and self.decision_level == DecisionLevel.CENTRAL:
                errors.setdefault("decision_level", []).append(_("Sản phẩm 3–4 sao do UBND tỉnh công nhận."))
        elif self.result == EvaluationResult.NOT_CERTIFIED:
            if self.stars in CERTIFIED_STARS:
                errors.setdefault("result", []).append(_("Đạt từ 3 sao thì kết quả là 'Đạt, được công nhận'."))
        if self.result != EvaluationResult.PENDING and not (self.evaluated_on or self.decision_date):
            errors.setdefault("evaluated_on", []).append(_("Cần ngày đánh giá, phân hạng."))
        if self.proposed_on and self.evaluated_on and self.evaluated_on < self.proposed_on:
            errors.setdefault("evaluated_on", []).append(_("Ngày đánh giá trước ngày đề xuất."))
        if self.evaluated_on and self.decision_date and self.decision_date < self.evaluated_on:
            errors.setdefault("decision_date", []).append(_("Ngày quyết định trước ngày đánh giá."))
        if self.decision_date and self.result == EvaluationResult.CERTIFIED:
            self.valid_until = ocop_valid_until(self.decision_date)
        if errors:
            raise ValidationError(errors)


# =========================================================================== cooperatives
class CoopKind(models.TextChoices):
    COOPERATIVE = "htx", _("Hợp tác xã (HTX)")
    GROUP = "tht", _("Tổ hợp tác (THT)")


class CoopField(models.TextChoices):
    """Values are the options of the COOP_FIELD disaggregation."""

    CROP = "CROP", _("Trồng trọt")
    LIVESTOCK = "LIVESTOCK", _("Chăn nuôi")
    FORESTRY = "FORESTRY", _("Lâm nghiệp")
    AQUACULTURE = "AQUACULTURE", _("Thủy sản")
    GENERAL = "GENERAL", _("Nông nghiệp tổng hợp")


class CoopStatus(models.TextChoices):
    ACTIVE = "hoat_dong", _("Đang hoạt động")
    SUSPENDED = "tam_ngung", _("Tạm ngừng hoạt động")
    DISSOLVED = "giai_the", _("Đã giải thể")


class Cooperative(Record):
    """A cooperative (HTX) or cooperative group (THT).  Natural key: unit, name."""

    REGISTRY = RegistryKind.COOPERATIVE
    NATURAL_KEY = ("unit", "name")
    NAME_FIELDS = ("name", "registration_no")
    SEARCH_FIELDS = ("name", "registration_no")

    kind = models.CharField(_("loại hình"), max_length=4, choices=CoopKind.choices, default=CoopKind.COOPERATIVE)
    name = models.CharField(_("tên"), max_length=255)
    registration_no = models.CharField(_("mã số đăng ký"), max_length=32, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=16, choices=CoopField.choices, default=CoopField.GENERAL)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    members = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=CoopStatus.choices, default=CoopStatus.ACTIVE)
    stopped_on = models.DateField(_("ngừng hoạt động từ ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("hợp tác xã, tổ hợp tác")
        verbose_name_plural = _("hợp tác xã, tổ hợp tác")
        ordering = ["unit__code", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="cooperative_natural_key")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors: dict = {}
        if self.status != CoopStatus.ACTIVE and not self.stopped_on:
            errors.setdefault("stopped_on", []).append(_("Tạm ngừng hoặc giải thể thì cần ngày ngừng hoạt động."))
        if self.status == CoopStatus.ACTIVE and self.stopped_on:
            errors.setdefault("status", []).append(_("Có ngày ngừng hoạt động thì trạng thái không thể là "
                                                     "'Đang hoạt động'."))
        self._check_order(errors, "founded_on", self.founded_on, "stopped_on", self.stopped_on,
                          _("Ngày ngừng hoạt động trước ngày thành lập."))
        if errors:
            raise ValidationError(errors)


class CooperativeYear(models.Model):
    """A cooperative's figures for one year (money in triệu đồng)."""

    cooperative = models.ForeignKey(Cooperative, verbose_name=_("HTX, THT"), on_delete=models.CASCADE,
                                    related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    revenue = models.DecimalField(_("doanh thu (triệu đồng)"), max_digits=14, decimal_places=2, null=True,
                                  blank=True, validators=[MinValueValidator(0)])
    member_income = models.DecimalField(_("thu nhập bình quân người lao động (triệu đồng/năm)"), max_digits=10,
                                        decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])
    members = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu năm của HTX")
        verbose_name_plural = _("số liệu năm của HTX")
        ordering = ["cooperative", "-year"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "year"], name="cooperative_year_unique")]

    def __str__(self) -> str:
        return f"{self.cooperative.name} — {self.year}"


# =========================================================================== farms and facilities
class OperatingStatus(models.TextChoices):
    ACTIVE = "hoat_dong", _("Đang hoạt động")
    STOPPED = "ngung", _("Ngừng hoạt động")


class FarmType(models.TextChoices):
    """Values are the options of the FARM_TYPE disaggregation."""

    CROP = "CROP", _("Trồng trọt")
    LIVESTOCK = "LIVESTOCK", _("Chăn nuôi")
    FORESTRY = "FORESTRY", _("Lâm nghiệp")
    AQUACULTURE = "AQUACULTURE", _("Nuôi trồng thủy sản")
    MIXED = "MIXED", _("Tổng hợp")


class OperatingRecord(Record):
    """A farm or facility that operates from a date until it stops."""

    started_on = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=OperatingStatus.choices,
                              default=OperatingStatus.ACTIVE)
    stopped_on = models.DateField(_("ngừng hoạt động từ ngày"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors: dict = {}
        if self.status == OperatingStatus.STOPPED and not self.stopped_on:
            errors.setdefault("stopped_on", []).append(_("Ngừng hoạt động thì cần ngày ngừng."))
        if self.status == OperatingStatus.ACTIVE and self.stopped_on:
            errors.setdefault("status", []).append(_("Có ngày ngừng hoạt động thì trạng thái phải là "
                                                     "'Ngừng hoạt động'."))
        self._check_order(errors, "started_on", self.started_on, "stopped_on", self.stopped_on,
                          _("Ngày ngừng trước ngày bắt đầu hoạt động."))
        if errors:
            raise ValidationError(errors)


class Farm(OperatingRecord):
    """A farm (trang trại).  Natural key: unit, owner."""

    REGISTRY = RegistryKind.FARM
    NATURAL_KEY = ("unit", "owner")
    NAME_FIELDS = ("owner", "name")
    SEARCH_FIELDS = ("owner", "name")

    owner = models.CharField(_("chủ trang trại"), max_length=255)
    name = models.CharField(_("tên trang trại"), max_length=255, blank=True)
    farm_type = models.CharField(_("loại hình"), max_length=16, choices=FarmType.choices, default=FarmType.MIXED)
    area_ha = models.DecimalField(_("diện tích (ha)"), max_digits=12, decimal_places=4, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    workers = models.PositiveIntegerField(_("số lao động thường xuyên"), null=True, blank=True)

    class Meta:
        verbose_name = _("trang trại")
        verbose_name_plural = _("trang trại")
        ordering = ["unit__code", "owner"]
        constraints = [models.UniqueConstraint(fields=["unit", "owner"], name="farm_natural_key")]

    def __str__(self) -> str:
        return self.name or _("Trang trại của %(owner)s") % {"owner": self.owner}


class Species(models.TextChoices):
    """Values are the options of the FACILITY_SPECIES disaggregation."""

    BUFFALO = "BUFFALO", _("Trâu")
    CATTLE = "CATTLE", _("Bò")
    PIG = "PIG", _("Lợn")
    HORSE = "HORSE", _("Ngựa")
    GOAT = "GOAT", _("Dê")
    RABBIT = "RABBIT", _("Thỏ")
    POULTRY = "POULTRY", _("Gia cầm")
    BEE = "BEE", _("Ong")


class LivestockFacility(OperatingRecord):
    """A concentrated livestock facility.  Natural key: unit, owner, species."""

    REGISTRY = RegistryKind.LIVESTOCK
    NATURAL_KEY = ("unit", "owner", "species")
    NAME_FIELDS = ("owner", "name")
    SEARCH_FIELDS = ("owner", "name")

    owner = models.CharField(_("chủ cơ sở"), max_length=255)
    name = models.CharField(_("tên cơ sở"), max_length=255, blank=True)
    species = models.CharField(_("vật nuôi"), max_length=12, choices=Species.choices)
    scale = models.DecimalField(_("quy mô"), max_digits=12, decimal_places=0, null=True, blank=True,
                                validators=[MinValueValidator(0)],
                                help_text=_("Số con; với nuôi ong là số thùng (đàn)."))
    biosafety = models.BooleanField(_("chăn nuôi an toàn sinh học"), default=False)
    farm = models.ForeignKey(Farm, verbose_name=_("thuộc trang trại"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="facilities")

    class Meta:
        verbose_name = _("cơ sở chăn nuôi tập trung")
        verbose_name_plural = _("cơ sở chăn nuôi tập trung")
        ordering = ["unit__code", "species", "owner"]
        constraints = [models.UniqueConstraint(fields=["unit", "owner", "species"], name="livestock_natural_key")]

    def __str__(self) -> str:
        return self.name or f"{self.get_species_display()} — {self.owner}"

    @property
    def scale_measure(self) -> str:
        return str(_("thùng")) if self.species == Species.BEE else str(_("con"))


# =========================================================================== certifications, codes
class Standard(models.TextChoices):
    VIETGAP = "VIETGAP", _("VietGAP")
    GLOBALGAP = "GLOBALGAP", _("GlobalGAP")
    ORGANIC = "ORGANIC", _("Hữu cơ")
    RA = "RA", _("Rainforest Alliance (RA)")
    ISO = "ISO", _("ISO")


class Sector(models.TextChoices):
    CROP = "CROP", _("Trồng trọt")
    LIVESTOCK = "LIVESTOCK", _("Chăn nuôi")
    AQUACULTURE = "AQUA", _("Nuôi trồng thủy sản")
    PROCESSING = "PROCESSING", _("Sơ chế, chế biến")


class CertStatus(models.TextChoices):
    VALID = "hieu_luc", _("Còn hiệu lực")
    REVOKED = "thu_hoi", _("Bị thu hồi")
    EXPIRED = "het_han", _("Hết hạn")  # shown, never stored: computed from the dates


class ValidityRecord(Record):
    """A certificate-like record valid from a date to a date, unless revoked."""

    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12,
                              choices=[c for c in CertStatus.choices if c[0] != CertStatus.EXPIRED],
                              default=CertStatus.VALID)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors: dict = {}
        self._check_order(errors, "valid_from", self.valid_from, "valid_until", self.valid_until,
                          _("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."))
        if self.status == CertStatus.REVOKED and not self.revoked_on:
            errors.setdefault("revoked_on", []).append(_("Bị thu hồi thì cần ngày thu hồi."))
        if self.revoked_on and self.status != CertStatus.REVOKED:
            errors.setdefault("status", []).append(_("Có ngày thu hồi thì trạng thái phải là 'Bị thu hồi'."))
        if errors:
            raise ValidationError(errors)

    def status_on(self, day: dt.date) -> str:
        if self.status == CertStatus.VALID and self.valid_until and self.valid_until < day:
            return CertStatus.EXPIRED
        return self.status

    def status_label_on(self, day: dt.date) -> str:
        return CertStatus(self.status_on(day)).label


class Certification(ValidityRecord):
    """A certification of a standard (VietGAP, hữu cơ, RA, ISO, GlobalGAP …).

    Natural key: unit, holder, standard, product.
    """

    REGISTRY = RegistryKind.CERTIFICATION
    NATURAL_KEY = ("unit", "holder", "standard", "product")
    NAME_FIELDS = ("holder", "product", "certificate_no", "issuer")
    SEARCH_FIELDS = ("holder", "product", "certificate_no", "issuer")

    holder = models.CharField(_("cơ sở, tổ chức, cá nhân được chứng nhận"), max_length=255)
    standard = models.CharField(_("tiêu chuẩn"), max_length=12, choices=Standard.choices)
    sector = models.CharField(_("lĩnh vực"), max_length=12, choices=Sector.choices, blank=True)
    product = models.CharField(_("sản phẩm"), max_length=255, blank=True)
    area_ha = models.DecimalField(_("diện tích (ha)"), max_digits=12, decimal_places=4, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    volume_m3 = models.DecimalField(_("thể tích nuôi (m³)"), max_digits=14, decimal_places=2, null=True,
                                    blank=True, validators=[MinValueValidator(0)])
    certificate_no = models.CharField(_("số giấy chứng nhận"), max_length=64, blank=True)
    issuer = models.CharField(_("tổ chức chứng nhận"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chứng nhận tiêu chuẩn")
        verbose_name_plural = _("chứng nhận tiêu chuẩn")
        ordering = ["unit__code", "standard", "holder"]
        constraints = [models.UniqueConstraint(fields=["unit", "holder", "standard", "product"],
                                               name="certification_natural_key")]
        indexes = [models.Index(fields=["valid_until"])]

    def __str__(self) -> str:
        return f"{self.get_standard_display()} — {self.holder}"


class CodeKind(models.TextChoices):
    GROWING_AREA = "vung_trong", _("Mã số vùng trồng")
    PACKING_HOUSE = "dong_goi", _("Mã số cơ sở đóng gói")


CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]*$")


class PlantingCode(ValidityRecord):
    """A planting-area code or packing-house code (e.g. ``VN-DTOR-0017``).  Natural key: the code."""

    REGISTRY = RegistryKind.PLANTING_CODE
    NATURAL_KEY = ("code",)
    NAME_FIELDS = ("code", "crop", "holder", "market")
    SEARCH_FIELDS = ("code", "crop", "holder", "market")

    code = models.CharField(_("mã số"), max_length=64, unique=True)
    kind = models.CharField(_("loại mã số"), max_length=12, choices=CodeKind.choices, default=CodeKind.GROWING_AREA)
    crop = models.CharField(_("cây trồng, sản phẩm"), max_length=128)
    holder = models.CharField(_("tổ chức, cá nhân quản lý"), max_length=255)
    area_ha = models.DecimalField(_("diện tích (ha)"), max_digits=12, decimal_places=4, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    market = models.CharField(_("thị trường xuất khẩu"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("mã số vùng trồng, cơ sở đóng gói")
        verbose_name_plural = _("mã số vùng trồng, cơ sở đóng gói")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        self.code = normalise_text(self.code).upper()
        super().clean()
        if self.code and not CODE_RE.match(self.code):
            raise ValidationError({"code": _("Mã số chỉ gồm chữ in hoa không dấu, chữ số và dấu '-', '.', '/' "
                                             "(ví dụ VN-DTOR-0017).")})

    def _check_natural_key(self):
        others = PlantingCode.objects.filter(code__iexact=self.code)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.code and others.exists():
            raise ValidationError({"code": _("Mã số %(code)s đã có trong sổ.") % {"code": self.code}})


# =========================================================================== coverage
class RegistryCoverage(Coverage):
    """A declaration that a registry's records are complete for a unit's territory (a
    proxy of ``records.models.Coverage`` limited to the registries).

    It makes the unit and every unit below it count from the records (zero where none)
    instead of reported figures, from ``since`` (empty: always) to ``until`` (empty: still).  See
    ``registries.territory.covers`` for the whole rule.
    """

    objects = CoverageOf(lambda: RegistryKind.values)

    class Meta:
        proxy = True
        verbose_name = _("địa bàn quản lý sổ đăng ký")
        verbose_name_plural = _("địa bàn quản lý sổ đăng ký")


RECORD_MODELS: dict[str, type[Record]] = {
    RegistryKind.OCOP: OcopProduct,
    RegistryKind.COOPERATIVE: Cooperative,
    RegistryKind.FARM: Farm,
    RegistryKind.LIVESTOCK: LivestockFacility,
    RegistryKind.CERTIFICATION: Certification,
    RegistryKind.PLANTING_CODE: PlantingCode,
}
