"""What the API answers (and, for writes, what it accepts), as DRF serializers.

Numbers stored as decimals (values, targets) travel as plain decimal strings
(``"1735.6"``) so nothing is lost; engine results (roll-up, progress) are JSON
numbers, as the engine's ``as_dict`` gives them.
"""

from __future__ import annotations

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bacthang.lib.numbers import format_plain
from units.models import LAST_DAY_BEFORE_REFORM, REFORM_DATE

from .dhis2 import period_to_dhis2

DECIMAL_STRING = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "example": "1735.6"}
NUMBER_OR_STRING = {"oneOf": [{"type": "number"}, {"type": "string", "maxLength": 64}],
                    "description": "Số JSON (1735.6) hoặc chuỗi số viết kiểu thường (\"1735.6\")."}


@extend_schema_field(DECIMAL_STRING)
class DecimalStringField(serializers.Field):
    def to_representation(self, value):
        return format_plain(value)


@extend_schema_field(NUMBER_OR_STRING)
class NumberInputField(serializers.JSONField):
    pass


class CodeField(serializers.CharField):
    """The code of a related object (``unit.code``), or null."""

    def __init__(self, source_attr: str, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        self.source_attr = source_attr
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        obj = instance
        for part in self.source_attr.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj

    def to_representation(self, value):
        return None if value is None else str(value)


# --------------------------------------------------------------------------- errors

class ProblemSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="Vị trí của mục trong danh sách gửi lên (từ 0).")
    field = serializers.CharField(allow_blank=True, help_text="Trường có lỗi.")
    code = serializers.CharField(help_text="invalid, unknown, unmapped, duplicate, not_writable, conflict …")
    message = serializers.CharField(help_text="Thông báo tiếng Việt.")
    value = serializers.JSONField(allow_null=True, help_text="Giá trị bị từ chối, nếu có.")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Thông báo lỗi tiếng Việt.")
    errors = ProblemSerializer(many=True, required=False)


# --------------------------------------------------------------------------- units

def structure_of(unit) -> str:
    before = unit.is_valid_on(LAST_DAY_BEFORE_REFORM)
    after = unit.is_valid_on(REFORM_DATE)
    if before and after:
        return "both"
    if after:
        return "post2025"
    return "pre2025"


def _names_day(context) -> dt.date | None:
    """The day whose names a unit list is asked in (``valid_on``, or the day of a structure)."""
    request = context.get("request")
    if request is None:
        return None
    params = request.query_params
    if params.get("valid_on"):
        try:
            return dt.date.fromisoformat(params["valid_on"])
        except ValueError:
            return None
    return {"pre2025": LAST_DAY_BEFORE_REFORM, "post2025": REFORM_DATE}.get(params.get("structure") or "")


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã dạng đường dẫn: 12, 12.105, 12.105.03409, 12.03408.")
    gso_code = serializers.CharField()
    name = serializers.SerializerMethodField(
        help_text="Tên có hiệu lực vào ngày hỏi (valid_on, hoặc ngày của cơ cấu structure); mặc định tên hiện nay.")
    unit_type = serializers.CharField()
    level = serializers.IntegerField(help_text="1 tỉnh, 2 huyện, 3 xã.")
    parent = CodeField("parent.code")
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    former_name = serializers.CharField(allow_blank=True)
    structure = serializers.SerializerMethodField(
        help_text="pre2025: cơ cấu trước 01/07/2025; post2025: từ 01/07/2025; both: cả hai.")

    def get_structure(self, unit) -> str:
        return structure_of(unit)

    def get_name(self, unit) -> str:
        day = _names_day(self.context)
        return unit.name if day is None else unit.name_on(day)


class UnitDetailSerializer(UnitSerializer):
    successors = serializers.ListField(child=serializers.CharField(), read_only=True,
                                       help_text="Đơn vị mới kế thừa địa bàn (sắp xếp 2025), trong phạm vi của bạn.")
    predecessors = serializers.ListField(child=serializers.CharField(), read_only=True,
                                         help_text="Đơn vị cũ hợp thành (sắp xếp 2025), trong phạm vi của bạn.")


class UnitSuccessionSerializer(serializers.Serializer):
    predecessor = CodeField("predecessor.code", allow_null=False)
    predecessor_name = CodeField("predecessor.name", allow_null=False)
    successor = CodeField("successor.code", allow_null=False)
    successor_name = CodeField("successor.name", allow_null=False)
    effective_date = serializers.DateField()
    source = serializers.CharField(allow_blank=True)


# --------------------------------------------------------------------------- catalogue

class OptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    sort_order = serializers.IntegerField()
    part_of = CodeField("part_of.code", help_text="Nhóm chứa nhóm này (\"trong đó\"), không cộng hai lần.")


class DisaggregationSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    options = serializers.SerializerMethodField()

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, dis) -> list:
        return OptionSerializer(dis.options.all(), many=True).data


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    measure = serializers.CharField()
    group = serializers.CharField()
    kind = serializers.CharField(help_text="reported (nhập), formula (công thức), registry (từ sổ đăng ký).")
    aggregation = serializers.CharField()
    time_aggregation = serializers.CharField()
    formula = serializers.CharField(allow_blank=True)
    decimals = serializers.IntegerField()
    non_negative = serializers.BooleanField()
    is_active = serializers.BooleanField()
    disaggregation = DisaggregationSerializer(allow_null=True)


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField()
    period_type = serializers.CharField()
    year = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    window_start = serializers.DateField(help_text="Đầu kỳ số liệu (Nghị định 09/2019).")
    window_end = serializers.DateField()
    name = serializers.CharField()
    dhis2 = serializers.SerializerMethodField(help_text="Mã kỳ trong DHIS2, null với vụ và giai đoạn.")

    def get_dhis2(self, period) -> str | None:
        return period_to_dhis2(period.code)


# --------------------------------------------------------------------------- programmes, values

class ProgrammeSerializer(serializers.Serializer):
    code = serializers.CharField()
    doc_type = serializers.CharField()
    number = serializers.CharField(allow_blank=True)
    signed_on = serializers.DateField(allow_null=True)
    issuer = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    unit = CodeField("unit.code")
    term = CodeField("term.code")
    parent = CodeField("parent.code")
    source = serializers.CharField(allow_blank=True)


class FigureSerializer(serializers.Serializer):
    indicator = CodeField("indicator.code", allow_null=False)
    option = CodeField("option.code", help_text="null: số tổng.")
    unit = CodeField("unit.code", allow_null=False)
    period = CodeField("period.code", allow_null=False)
    value = DecimalStringField()
    comment = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="Gửi lại trong 'version' khi sửa để tránh ghi đè.")
    updated_at = serializers.DateTimeField()


class TargetSerializer(FigureSerializer):
    programme = CodeField("programme.code", allow_null=False)
    operator = serializers.CharField(help_text=">= đạt ít nhất, = đạt, <= không vượt quá.")


class DataValueSerializer(FigureSerializer):
    pass


class BulkItemSerializer(serializers.Serializer):
    """One value to write (schema of POST /api/datavalues/bulk)."""

    indicator = serializers.CharField(max_length=64, help_text="Mã chỉ tiêu, ví dụ HERD.")
    option = serializers.CharField(max_length=64, required=False, allow_null=True, allow_blank=True,
                                   help_text="Mã nhóm; bỏ trống hoặc null cho số tổng.")
    unit = serializers.CharField(max_length=64, help_text="Mã đơn vị, ví dụ 12.105.03409.")
    period = serializers.CharField(max_length=64, help_text="Mã kỳ: 2023, 2023S1, 2023Q4, 202312, 2024DX, 2021-2025.")
    value = NumberInputField(required=False, help_text="Bắt buộc trừ khi delete = true.")
    comment = serializers.CharField(max_length=500, required=False, allow_null=True, allow_blank=True,
                                    help_text="null hoặc bỏ qua: giữ ghi chú đang lưu.")
    source = serializers.CharField(max_length=1000, required=False, allow_null=True, allow_blank=True)
    version = serializers.IntegerField(min_value=0, required=False, allow_null=True,
                                       help_text="Phiên bản đang lưu mà bạn đã đọc (0: chưa có); lệch thì bị từ chối.")
    delete = serializers.BooleanField(required=False, default=False, help_text="true: xóa số liệu này.")


class WriteSummarySerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    detail = serializers.CharField()


# --------------------------------------------------------------------------- engine

class DiscrepancySerializer(serializers.Serializer):
    kind = serializers.CharField()
    used = serializers.FloatField()
    other = serializers.FloatField()
    message = serializers.CharField()


class RollupSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    option = serializers.CharField(allow_null=True)
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="null: chưa có số liệu.")
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    approximated = serializers.BooleanField()
    discrepancies = DiscrepancySerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    weight = serializers.FloatField(required=False)
    source = serializers.CharField(required=False)
    parts = serializers.ListField(child=serializers.DictField(), required=False,
                                  help_text="Các phần tạo nên kết quả (cùng cấu trúc, tới độ sâu 'depth').")


class ProgressRowSerializer(serializers.Serializer):
    programme = serializers.CharField()
    indicator = serializers.CharField()
    indicator_name = serializers.CharField()
    option = serializers.CharField(allow_null=True)
    option_name = serializers.CharField(allow_null=True)
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    measure = serializers.CharField()
    target_period = serializers.CharField()
    period = serializers.CharField()
    operator = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    actual = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)
    last_year = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    change_percent = serializers.FloatField(allow_null=True)
    cumulative = serializers.FloatField(allow_null=True)
    baseline = serializers.FloatField(allow_null=True)
    forecast = serializers.FloatField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()


# --------------------------------------------------------------------------- DHIS2

UID = {"type": "string", "minLength": 1, "maxLength": 64, "example": "fbfJHSPpUQD"}


class Dhis2DataValueSerializer(serializers.Serializer):
    dataElement = serializers.CharField(max_length=64)  # noqa: N815 (DHIS2 names)
    categoryOptionCombo = serializers.CharField(max_length=64, required=False,  # noqa: N815
                                                help_text="Bỏ qua: số tổng (tổ hợp default của DHIS2).")
    attributeOptionCombo = serializers.CharField(max_length=64, required=False,  # noqa: N815
                                                 help_text="Chỉ tổ hợp mặc định (UID của số tổng); bỏ qua được.")
    orgUnit = serializers.CharField(max_length=64, required=False,  # noqa: N815
                                    help_text="Bắt buộc nếu không có 'orgUnit' ở đầu tài liệu.")
    period = serializers.CharField(max_length=16, required=False, help_text="2023, 2023S2, 2023Q4, 202312.")
    value = NumberInputField(required=False, help_text="Chuỗi số kiểu thường \"1735.6\" (hoặc số JSON).")
    storedBy = serializers.CharField(max_length=255, required=False, allow_blank=True,  # noqa: N815
                                     help_text="Người nhập bên DHIS2; được giữ và xuất lại.")
    created = serializers.CharField(max_length=40, required=False, help_text="ISO 8601; được giữ và xuất lại.")
    lastUpdated = serializers.CharField(max_length=40, required=False,  # noqa: N815
                                        help_text="ISO 8601; được giữ và xuất lại.")
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, allow_null=True)
    followup = serializers.BooleanField(required=False, help_text="Đánh dấu cần xem lại; được giữ và xuất lại.")
    deleted = serializers.BooleanField(required=False, help_text="true: xóa giá trị này (chỉ khi nhập).")


class Dhis2DataValueOutSerializer(serializers.Serializer):
    dataElement = serializers.CharField()  # noqa: N815
    period = serializers.CharField()
    orgUnit = serializers.CharField()  # noqa: N815
    categoryOptionCombo = serializers.CharField(required=False)  # noqa: N815
    attributeOptionCombo = serializers.CharField(required=False)  # noqa: N815
    value = serializers.CharField()
    storedBy = serializers.CharField(required=False)  # noqa: N815
    created = serializers.CharField()
    lastUpdated = serializers.CharField()  # noqa: N815
    comment = serializers.CharField(allow_blank=True)
    followup = serializers.BooleanField()


class Dhis2DataValueSetSerializer(serializers.Serializer):
    dataSet = serializers.CharField(required=False)  # noqa: N815
    period = serializers.CharField(required=False, help_text="Kỳ mặc định cho mọi giá trị.")
    orgUnit = serializers.CharField(required=False, help_text="Đơn vị mặc định cho mọi giá trị.")  # noqa: N815
    dataValues = Dhis2DataValueSerializer(many=True)  # noqa: N815


class Dhis2DataValueSetOutSerializer(serializers.Serializer):
    dataSet = serializers.CharField(required=False)  # noqa: N815
    dataValues = Dhis2DataValueOutSerializer(many=True)  # noqa: N815


class Dhis2ImportCountSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    ignored = serializers.IntegerField()


class Dhis2ConflictSerializer(serializers.Serializer):
    object = serializers.CharField(allow_blank=True, help_text="UID hoặc giá trị bị từ chối.")
    value = serializers.CharField(help_text="Thông báo tiếng Việt.")
    property = serializers.CharField(allow_blank=True)
    errorCode = serializers.CharField()  # noqa: N815
    indexes = serializers.ListField(child=serializers.IntegerField())


class Dhis2ImportSummarySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["SUCCESS", "ERROR"])
    description = serializers.CharField()
    dryRun = serializers.BooleanField()  # noqa: N815
    importCount = Dhis2ImportCountSerializer()  # noqa: N815
    conflicts = Dhis2ConflictSerializer(many=True)


ANY_OBJECT = OpenApiTypes.OBJECT
