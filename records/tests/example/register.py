"""The example register's declaration: its spec (columns, natural key) and its provider."""

from records.providers import CountProvider
from records.specs import NOTE, SOURCE, UNIT, UNIT_NAME, Column, RecordSpec

from .models import WaterPoint

WATER = RecordSpec(
    slug="diem-cap-nuoc", model=WaterPoint, title="Điểm cấp nước", one="điểm cấp nước",
    columns=[UNIT, UNIT_NAME, Column("Tên điểm cấp nước", "name", required=True, example="Bể nước bản Sùng Phài"),
             Column("Số hộ", "households", "int", example="45"),
             Column("Công suất (m³/ngày)", "capacity_m3", "number", example="12,5"),
             Column("Ngày đưa vào sử dụng", "built_on", "date", example="01/06/2023"), NOTE, SOURCE],
    natural_key="mã đơn vị + tên điểm cấp nước", search=("name",),
)

PROVIDERS = {"WATER_POINTS": CountProvider("water", WaterPoint, noun="điểm cấp nước")}
