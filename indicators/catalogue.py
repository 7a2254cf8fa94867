"""The default indicator catalogue: every figure of the five seed documents has a home here.

``manage.py load_catalogue`` (and ``load_demo``) upsert it; an admin can add more in
the Django admin.  Entries are plain data so that a reviewer can read the catalogue
as a table.

DISAGGREGATIONS: code -> (Vietnamese name, [(option code, name[, part_of option code]), ...])
    An option with a third element is a part of another option ("trong đó"): it is
    not added again into the indicator's total.
INDICATORS: list of dicts built with ``ind()``; ``kind="formula"`` entries have a
    ``formula`` over other indicator codes and are computed, never stored.
"""

from __future__ import annotations


def ind(code, name, measure, *, group, time="flow", disagg=None, agg="sum", kind="reported",
        formula="", scale=1, decimals=2, non_negative=True, description=""):
    return dict(
        code=code, name=name, measure=measure, group=group, time_aggregation=time, disaggregation=disagg,
        aggregation=agg, kind=kind, formula=formula, formula_scale=scale, decimals=decimals,
        non_negative=non_negative, description=description,
    )


DISAGGREGATIONS = {
    "CROP": ("Cây trồng", [
        ("TEA", "Chè"),
        ("MACADAMIA", "Mắc ca"),
        ("RICE", "Lúa"),
        ("QUALITY_RICE", "Lúa chất lượng", "RICE"),
        ("MAIZE", "Ngô"),
        ("FLOWER", "Hoa"),
        ("VEGETABLE", "Rau"),
        ("FRUIT", "Cây ăn quả"),
        ("BANANA", "Chuối", "FRUIT"),
        ("CAM_SANH", "Cam sành", "FRUIT"),
        ("CANNA", "Dong riềng"),
    ]),
    "SPECIES": ("Loài vật nuôi", [
        ("BUFFALO", "Trâu"),
        ("CATTLE", "Bò"),
        ("PIG", "Lợn"),
        ("HORSE", "Ngựa"),
        ("GOAT", "Dê"),
    ]),
    "AQUA_SOURCE": ("Nguồn thủy sản", [
        ("FARMED", "Nuôi trồng"),
        ("CAPTURED", "Khai thác"),
    ]),
    "VIOLATION_TYPE": ("Loại vi phạm lâm luật", [
        ("DEFORESTATION", "Phá rừng trái pháp luật"),
        ("LOGGING", "Khai thác rừng trái pháp luật"),
        ("TRADE_TRANSPORT", "Mua bán, vận chuyển lâm sản trái pháp luật"),
        ("STORAGE", "Tàng trữ lâm sản trái pháp luật"),
        ("DOCUMENTS", "Vi phạm quy định quản lý hồ sơ lâm sản"),
    ]),
}

INDICATORS = [
    # --- Crops -------------------------------------------------------------------------
    ind("CROP_AREA", "Diện tích hiện có", "ha", group="trong_trot", time="stock", disagg="CROP"),
    ind("CROP_NEW_AREA", "Diện tích trồng mới", "ha", group="trong_trot", disagg="CROP"),
    ind("CROP_HARVEST_AREA", "Diện tích kinh doanh, cho thu hoạch", "ha", group="trong_trot", time="stock",
        disagg="CROP"),
    ind("CROP_PRODUCTION", "Sản lượng", "tấn", group="trong_trot", disagg="CROP"),
    ind("CROP_YIELD", "Năng suất", "tấn/ha", group="trong_trot", disagg="CROP", kind="formula",
        formula="CROP_PRODUCTION / CROP_HARVEST_AREA", agg="none"),
    # --- Livestock ---------------------------------------------------------------------
    ind("HERD", "Tổng đàn gia súc", "con", group="chan_nuoi", time="stock", disagg="SPECIES", decimals=0),
    ind("POULTRY", "Tổng đàn gia cầm", "nghìn con", group="chan_nuoi", time="stock"),
    ind("MEAT_PRODUCTION", "Sản lượng thịt hơi xuất chuồng", "tấn", group="chan_nuoi", disagg="SPECIES"),
    # --- Aquaculture -------------------------------------------------------------------
    ind("AQUA_PRODUCTION", "Sản lượng thủy sản", "tấn", group="thuy_san", disagg="AQUA_SOURCE"),
    ind("AQUA_POND_AREA", "Diện tích ao nuôi trồng thủy sản", "ha", group="thuy_san", time="stock"),
    # --- Forestry ----------------------------------------------------------------------
    ind("FOREST_VIOLATIONS", "Số vụ vi phạm Luật Lâm nghiệp", "vụ", group="lam_nghiep", disagg="VIOLATION_TYPE",
        decimals=0),
    # --- Training ----------------------------------------------------------------------
    ind("TRAINING_CLASSES", "Số lớp đào tạo nghề nông nghiệp", "lớp", group="dao_tao", decimals=0),
    ind("TRAINEES", "Số học viên đào tạo nghề nông nghiệp", "học viên", group="dao_tao", decimals=0),
    # --- Capital -----------------------------------------------------------------------
    ind("CAPITAL_ALLOCATED", "Vốn được phân bổ (kế hoạch vốn)", "triệu đồng", group="von", disagg="CAPITAL_LINE"),
    ind("CAPITAL_DISBURSED", "Vốn đã giải ngân", "triệu đồng", group="von", disagg="CAPITAL_LINE"),
    ind("CAPITAL_DISBURSED_PCT", "Tỷ lệ giải ngân so với kế hoạch vốn", "%", group="von", disagg="CAPITAL_LINE",
        kind="formula", formula="CAPITAL_DISBURSED / CAPITAL_ALLOCATED", scale=100, agg="none", decimals=0),
]

# CAPITAL_LINE options are the programmes and projects whose capital the seeds report.
DISAGGREGATIONS["CAPITAL_LINE"] = ("Chương trình, dự án", [
    ("NTP_DTTS_DA1_DISPERSED_WATER", "CTMTQG DTTS&MN — Dự án 1: nước sinh hoạt phân tán"),
    ("NTP_DTTS_DA1_CENTRAL_WATER", "CTMTQG DTTS&MN — Dự án 1: nước sinh hoạt tập trung"),
])
