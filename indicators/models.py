"""Indicators (chỉ tiêu), their disaggregations and options.

An indicator says what is measured (``CROP_AREA``, ha), how its values combine over
units (sum, average, none) and over time (a *flow* such as production is summed over
months; a *stock* such as an area or a herd takes the latest value), and optionally
a disaggregation (crop, species, source …) whose options sum to the total.  A
*formula* indicator is computed from others after roll-up (yield = production ÷
area) and is never stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9_]*$", _("Mã chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch dưới, ví dụ CROP_AREA.")
)


class Disaggregation(models.Model):
    """A way to split an indicator: by crop, by species, by source …"""

    code = models.CharField(_("mã"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=128)

    class Meta:
        verbose_name = _("phân tổ")
        verbose_name_plural = _("phân tổ")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Option(models.Model):
    """One value of a disaggregation (TEA in CROP, PIG in SPECIES …)."""

    disaggregation = models.ForeignKey(
        Disaggregation, verbose_name=_("phân tổ"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("mã"), max_length=32, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=128)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    part_of = models.ForeignKey(
        "self", verbose_name=_("thuộc nhóm"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("Nhóm con nằm trong một nhóm khác (\"trong đó\"): lúa chất lượng thuộc lúa. "
                    "Tổng của chỉ tiêu chỉ cộng các nhóm không thuộc nhóm nào."),
    )

    class Meta:
        verbose_name = _("nhóm phân tổ")
        verbose_name_plural = _("nhóm phân tổ")
        ordering = ["disaggregation__code", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["disaggregation", "code"], name="option_code_unique")]

    def __str__(self) -> str:
        return self.name


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Bình quân")
    NONE = "none", _("Không cộng dồn")


class TimeAggregation(models.TextChoices):
    FLOW = "flow", _("Cộng theo thời gian (lưu lượng: sản lượng, trồng mới …)")
    STOCK = "stock", _("Lấy số cuối kỳ (thời điểm: diện tích hiện có, tổng đàn …)")


class IndicatorKind(models.TextChoices):
    REPORTED = "reported", _("Nhập/báo cáo")
    FORMULA = "formula", _("Tính theo công thức")
    REGISTRY = "registry", _("Tính từ sổ đăng ký")


class Group(models.TextChoices):
    CROPS = "trong_trot", _("Trồng trọt")
    LIVESTOCK = "chan_nuoi", _("Chăn nuôi")
    AQUACULTURE = "thuy_san", _("Thủy sản")
    FORESTRY = "lam_nghiep", _("Lâm nghiệp")
    OCOP = "ocop", _("OCOP")
    COOPERATIVES = "htx", _("HTX, trang trại")
    INFRASTRUCTURE = "ha_tang", _("Hạ tầng")
    SUPPORT = "ho_tro", _("Chính sách hỗ trợ")
    CAPITAL = "von", _("Vốn đầu tư")
    TRAINING = "dao_tao", _("Đào tạo, tuyên truyền")
    VALUE = "gia_tri", _("Giá trị sản xuất, thu nhập")
    RURAL = "nong_thon", _("Nông thôn mới, dân cư")
    OTHER = "khac", _("Khác")


class Indicator(models.Model):
    code = models.CharField(_("mã"), max_length=48, unique=True, validators=[code_validator])
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    measure = models.CharField(_("đơn vị tính"), max_length=32, help_text=_("ha, tấn, con, triệu đồng, % …"))
    group = models.CharField(_("nhóm"), max_length=16, choices=Group.choices, default=Group.OTHER)
    kind = models.CharField(_("nguồn số liệu"), max_length=16, choices=IndicatorKind.choices,
                            default=IndicatorKind.REPORTED)
    aggregation = models.CharField(_("tổng hợp theo đơn vị"), max_length=8, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    time_aggregation = models.CharField(_("tổng hợp theo thời gian"), max_length=8,
                                        choices=TimeAggregation.choices, default=TimeAggregation.FLOW)
    disaggregation = models.ForeignKey(
        Disaggregation, verbose_name=_("phân tổ"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="indicators",
    )
    options_add_up = models.BooleanField(
        _("tổng bằng cộng các nhóm"), default=True,
        help_text=_("Bỏ chọn khi các nhóm có đơn vị tính khác nhau (m², m³, thùng…) và không cộng được."),
    )
    formula = models.CharField(
        _("công thức"), max_length=255, blank=True,
        help_text=_("Với chỉ tiêu tính: biểu thức trên mã chỉ tiêu khác, ví dụ CROP_PRODUCTION / CROP_HARVEST_AREA."),
    )
    formula_scale = models.DecimalField(
        _("hệ số nhân kết quả"), max_digits=12, decimal_places=4, default=1,
        help_text=_("Ví dụ 10 để đổi tấn/ha sang tạ/ha."),
    )
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân hiển thị"), default=2)
    non_negative = models.BooleanField(_("không âm"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.measure})"

    @property
    def is_stored(self) -> bool:
        """Whether values are stored for it (formula indicators are always computed)."""
        return self.kind != IndicatorKind.FORMULA

    def option_for(self, code: str | None) -> Option | None:
        """The option with this code, None for the total; raises Option.DoesNotExist."""
        if not code:
            return None
        if self.disaggregation_id is None:
            raise Option.DoesNotExist(code)
        return self.disaggregation.options.get(code=code)

    def clean(self) -> None:
        from .formula import FormulaError, parse_formula

        if self.kind == IndicatorKind.FORMULA:
            if not self.formula:
                raise ValidationError({"formula": _("Chỉ tiêu tính theo công thức phải có công thức.")})
            try:
                refs = parse_formula(self.formula).references
            except FormulaError as e:
                raise ValidationError({"formula": str(e)}) from e
            if self.code in refs:
                raise ValidationError({"formula": _("Công thức không được tham chiếu chính chỉ tiêu này.")})
            missing = refs - set(Indicator.objects.filter(code__in=refs).values_list("code", flat=True))
            if missing:
                raise ValidationError({"formula": _("Chỉ tiêu không tồn tại: %s") % ", ".join(sorted(missing))})
        elif self.formula:
            raise ValidationError({"formula": _("Chỉ tiêu không tính theo công thức thì để trống công thức.")})
