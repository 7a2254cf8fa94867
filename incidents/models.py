"""Incidents: animal disease outbreaks, vaccination campaigns, forest-law violations.

Records sit on the commune where they happened, or on the smallest unit the document
allows (``places`` names the communes an outbreak placed higher concerns: the 05 dogs
culled for rabies in Xã Mường So and Thị trấn Tân Uyên sit on the province).  Dates a
document gives only as "trong tháng" are a span (``…_from`` – ``…_on``).  Only
``incidents.actions`` writes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models import MONEY, QUANTITY


class Register(models.TextChoices):
    """The registers this app keeps (their ``records.models.Coverage`` declarations)."""

    ANIMAL_HEALTH = "animal_health", _("Dịch bệnh động vật")
    VACCINATION = "vaccination", _("Tiêm phòng vắc xin cho vật nuôi")
    FOREST = "forest", _("Vi phạm Luật Lâm nghiệp")



class Disease(models.TextChoices):
    """Values are the options of the catalogue's DISEASE disaggregation."""

    ASF = "ASF", _("Dịch tả lợn Châu Phi")
    FMD = "FMD", _("Lở mồm long móng")
    LSD = "LSD", _("Viêm da nổi cục")
    PRRS = "PRRS", _("Tai xanh (PRRS)")
    AVIAN_INFLUENZA = "AVIAN_INFLUENZA", _("Cúm gia cầm")
    RABIES = "RABIES", _("Bệnh Dại")
    OTHER = "OTHER", _("Bệnh khác")


class Species(models.TextChoices):
    """Values are the options of the catalogue's CULL_SPECIES disaggregation."""

    BUFFALO = "BUFFALO", _("Trâu")
    CATTLE = "CATTLE", _("Bò")
    PIG = "PIG", _("Lợn")
    GOAT = "GOAT", _("Dê")
    POULTRY = "POULTRY", _("Gia cầm")
    DOG = "DOG", _("Chó")
    OTHER = "OTHER", _("Loài khác")


class OutbreakStatus(models.TextChoices):
    ACTIVE = "active", _("Đang có dịch")
    CONTAINED = "contained", _("Đã khống chế, công bố hết dịch")


class Outbreak(models.Model):
    disease = models.CharField(_("bệnh"), max_length=16, choices=Disease.choices)
    species = models.CharField(_("loài vật nuôi"), max_length=8, choices=Species.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    places = models.ManyToManyField("units.Unit", verbose_name=_("các xã có dịch"), blank=True, related_name="+",
                                    help_text=_("Khi địa bàn là cấp huyện, tỉnh: các xã văn bản nêu tên."))
    village = models.CharField(_("thôn, bản"), max_length=128, blank=True)
    started_on = models.DateField(_("ngày phát hiện"))
    started_from = models.DateField(_("phát hiện từ ngày (khi không rõ ngày)"))
    households = models.PositiveIntegerField(_("số hộ có dịch"), null=True, blank=True)
    animals_sick = models.PositiveIntegerField(_("số con mắc bệnh"), null=True, blank=True)
    animals_culled = models.PositiveIntegerField(_("số con tiêu hủy"), null=True, blank=True)
    culled_kg = models.DecimalField(_("khối lượng tiêu hủy (kg)"), null=True, blank=True, **QUANTITY)
    status = models.CharField(_("tình trạng"), max_length=10, choices=OutbreakStatus.choices,
                              default=OutbreakStatus.ACTIVE)
    contained_on = models.DateField(_("ngày khống chế, công bố hết dịch"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ổ dịch bệnh động vật")
        verbose_name_plural = _("dịch bệnh động vật")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_disease_display()} — {self.village or self.unit.name}"


class VaccinationCampaign(models.Model):
    name = models.CharField(_("tên đợt tiêm phòng"), max_length=255)
    season = models.ForeignKey("periods.Period", verbose_name=_("vụ, kỳ"), on_delete=models.PROTECT,
                               related_name="+")
    diseases = models.CharField(_("bệnh được tiêm phòng"), max_length=255, blank=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT,
                             related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("đợt tiêm phòng vắc xin")
        verbose_name_plural = _("tiêm phòng vắc xin")
        ordering = ["-season__start", "name"]

    def __str__(self) -> str:
        return self.name


class VaccinationProgress(models.Model):
    """One target unit of a campaign and whether it has finished."""

    campaign = models.ForeignKey(VaccinationCampaign, verbose_name=_("đợt tiêm phòng"), on_delete=models.CASCADE,
                                 related_name="targets")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT,
                             related_name="+")
    completed = models.BooleanField(_("đã hoàn thành"), default=False)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tiến độ tiêm phòng của đơn vị")
        verbose_name_plural = _("tiến độ tiêm phòng của đơn vị")
        ordering = ["campaign", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="vaccination_target_unique")]

    def __str__(self) -> str:
        return f"{self.campaign.name} — {self.unit.name}"


class ViolationType(models.TextChoices):
    """Values are the options of the catalogue's VIOLATION_TYPE disaggregation."""

    DEFORESTATION = "DEFORESTATION", _("Phá rừng trái pháp luật")
    LOGGING = "LOGGING", _("Khai thác rừng trái pháp luật")
    TRADE_TRANSPORT = "TRADE_TRANSPORT", _("Mua bán, vận chuyển lâm sản trái pháp luật")
    STORAGE = "STORAGE", _("Tàng trữ lâm sản trái pháp luật")
    DOCUMENTS = "DOCUMENTS", _("Vi phạm quy định quản lý hồ sơ lâm sản")
    OTHER = "OTHER", _("Vi phạm khác")


class Handling(models.TextChoices):
    DETECTED = "detected", _("Mới phát hiện")
    PROCESSING = "processing", _("Đang xác minh, xử lý")
    FINED = "fined", _("Đã xử phạt vi phạm hành chính")
    PROSECUTED = "prosecuted", _("Đã chuyển cơ quan điều tra")
    CLOSED = "closed", _("Đã xử lý xong")


class ForestViolation(models.Model):
    violation_type = models.CharField(_("hành vi vi phạm"), max_length=16, choices=ViolationType.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("địa điểm (tiểu khu, khoảnh, thôn bản)"), max_length=255, blank=True)
    detected_on = models.DateField(_("ngày phát hiện"))
    detected_from = models.DateField(_("phát hiện từ ngày (khi không rõ ngày)"))
    damaged_area_ha = models.DecimalField(_("diện tích rừng bị thiệt hại (ha)"), default=0, **QUANTITY)
    offender = models.CharField(_("đối tượng vi phạm"), max_length=255, blank=True)
    handling = models.CharField(_("tình trạng xử lý"), max_length=12, choices=Handling.choices,
                                default=Handling.DETECTED)
    handled_on = models.DateField(_("ngày xử lý"), null=True, blank=True)
    fine_amount = models.DecimalField(_("tiền phạt (triệu đồng)"), null=True, blank=True, **MONEY)
    handling_note = models.CharField(_("kết quả xử lý"), max_length=500, blank=True)
    is_placeholder = models.BooleanField(
        _("chi tiết giả định"), default=False,
        help_text=_("Dữ liệu mẫu: văn bản nguồn chỉ nêu số tổng; chi tiết từng vụ là phân bổ giả định."))
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("vụ vi phạm Luật Lâm nghiệp")
        verbose_name_plural = _("vi phạm Luật Lâm nghiệp")
        ordering = ["-detected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_violation_type_display()} — {self.unit.name} — {self.detected_on:%d/%m/%Y}"
