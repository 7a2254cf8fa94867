"""The default indicator catalogue: every figure of the five seed documents has a home here.

``manage.py load_catalogue`` (and ``load_demo``) upsert it; an admin can add more in
the Django admin.  Entries are plain data so that a reviewer can read the catalogue
as a table.

DISAGGREGATIONS: code -> (Vietnamese name, [(option code, name[, part_of option code]), ...])
    An option with a third element is a part of another option ("trong đó"): it is
    not added again into the indicator's total.
INDICATORS: list of dicts built with ``ind()``; ``kind="formula"`` entries have a
    ``formula`` over other indicator codes and are computed, never stored.

Choices that matter for roll-ups:
  * ``time="stock"`` for what exists at a date (areas, herds, cooperatives, farms,
    products recognised, facilities certified) and for every ratio or average
    (per ha, per household …), which must never be summed over months;
    ``time="flow"`` (the default) for what happens during a period (production,
    new planting, sales, violations, classes held, money disbursed, people reached).
  * ``agg="none"`` for averages and ratios whose combination over units needs
    weights the system does not hold (income per ha, revenue per cooperative,
    criteria met by a commune); they are never summed over units.
  * ``demo/data/seed_map.csv`` maps every figure of ``seeds/figures.csv`` onto these codes.
"""

from __future__ import annotations


def ind(code, name, measure, *, group, time="flow", disagg=None, agg="sum", kind="reported",
        formula="", scale=1, decimals=2, non_negative=True, description="", options_add_up=True):
    return dict(
        code=code, name=name, measure=measure, group=group, time_aggregation=time, disaggregation=disagg,
        aggregation=agg, kind=kind, formula=formula, formula_scale=scale, decimals=decimals,
        non_negative=non_negative, description=description, options_add_up=options_add_up,
    )


DISAGGREGATIONS = {
    "CROP": ("Cây trồng", [
        ("TEA", "Chè"),
        ("MACADAMIA", "Mắc ca"),
        ("RICE", "Lúa"),
        ("QUALITY_RICE", "Lúa chất lượng", "RICE"),
        ("MAIZE", "Ngô"),
        ("FLOWER", "Hoa"),
        ("ROSE", "Hoa hồng", "FLOWER"),
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
        ("OTHER", "Vi phạm khác"),
    ]),
    # --- Crops: technology, certification, processing and sales ---------------------------
    "HIGH_TECH_TYPE": ("Hình thức ứng dụng công nghệ cao", [
        ("GREENHOUSE", "Nhà màng, nhà lưới"),
        ("WATER_SAVING_IRRIGATION", "Tưới tiết kiệm"),
    ]),
    "CERT_STANDARD": ("Tiêu chuẩn chứng nhận", [
        ("VIETGAP", "VietGAP trồng trọt"),
        ("VIETGAP_LIVESTOCK", "VietGAP chăn nuôi (VietGAHP)"),
        ("VIETGAP_AQUA", "VietGAP nuôi trồng thủy sản"),
        ("GLOBALGAP", "GlobalGAP"),
        ("ORGANIC", "Hữu cơ"),
        ("RA", "Rainforest Alliance (RA)"),
        ("ISO", "ISO"),
    ]),
    "TEA_SALES_CHANNEL": ("Kênh tiêu thụ chè", [
        ("EXPORT_DIRECT", "Xuất khẩu trực tiếp"),
        ("EXPORT_ENTRUSTED_DOMESTIC", "Xuất khẩu ủy thác và bán nội tiêu"),
    ]),
    # --- Livestock and animal health ------------------------------------------------------
    "FACILITY_SPECIES": ("Loại cơ sở chăn nuôi tập trung", [
        ("BUFFALO", "Chăn nuôi trâu"),
        ("CATTLE", "Chăn nuôi bò"),
        ("PIG", "Chăn nuôi lợn"),
        ("HORSE", "Chăn nuôi ngựa"),
        ("GOAT", "Chăn nuôi dê"),
        ("RABBIT", "Chăn nuôi thỏ"),
        ("POULTRY", "Chăn nuôi gia cầm"),
        ("BEE", "Nuôi ong"),
    ]),
    "DISEASE": ("Bệnh động vật", [
        ("ASF", "Dịch tả lợn Châu Phi"),
        ("FMD", "Lở mồm long móng"),
        ("LSD", "Viêm da nổi cục"),
        ("PRRS", "Tai xanh (PRRS)"),
        ("AVIAN_INFLUENZA", "Cúm gia cầm"),
        ("RABIES", "Bệnh Dại"),
        ("OTHER", "Bệnh khác"),
    ]),
    "CULL_SPECIES": ("Loài động vật bị tiêu hủy", [
        ("BUFFALO", "Trâu"),
        ("CATTLE", "Bò"),
        ("PIG", "Lợn"),
        ("GOAT", "Dê"),
        ("POULTRY", "Gia cầm"),
        ("DOG", "Chó"),
        ("OTHER", "Loài khác"),
    ]),
    # --- Aquaculture ----------------------------------------------------------------------
    "AQUA_FACILITY": ("Hình thức nuôi thủy sản", [
        ("COLD_WATER_TANK", "Bể nuôi cá nước lạnh (cá Tầm, cá Hồi)"),
        ("CAGE", "Lồng, bè nuôi cá"),
    ]),
    # --- Forestry -------------------------------------------------------------------------
    "OUTREACH_AUDIENCE": ("Đối tượng tham gia tuyên truyền bảo vệ rừng", [
        ("RESIDENT", "Người dân"),
        ("PUPIL", "Học sinh"),
    ]),
    # --- OCOP -----------------------------------------------------------------------------
    "OCOP_STARS": ("Hạng sao OCOP", [
        ("STAR3", "3 sao"),
        ("STAR4", "4 sao"),
        ("STAR5", "5 sao"),
    ]),
    "OCOP_RANKING_RESULT": ("Kết quả đánh giá, phân hạng OCOP", [
        ("PASSED", "Đạt"),
        ("FAILED", "Chưa đạt"),
    ]),
    # --- Cooperatives and farms -----------------------------------------------------------
    "COOP_FIELD": ("Lĩnh vực hoạt động của HTX", [
        ("CROP", "Trồng trọt"),
        ("LIVESTOCK", "Chăn nuôi"),
        ("FORESTRY", "Lâm nghiệp"),
        ("AQUACULTURE", "Thủy sản"),
        ("GENERAL", "Nông nghiệp tổng hợp"),
    ]),
    "FARM_TYPE": ("Loại hình trang trại", [
        ("CROP", "Trồng trọt"),
        ("LIVESTOCK", "Chăn nuôi"),
        ("FORESTRY", "Lâm nghiệp"),
        ("AQUACULTURE", "Nuôi trồng thủy sản"),
        ("MIXED", "Tổng hợp"),
    ]),
    # --- Infrastructure -------------------------------------------------------------------
    "WORK_TYPE": ("Loại công trình", [
        ("CANAL", "Kênh mương, công trình thủy lợi"),
        ("ROAD", "Đường giao thông nội đồng"),
        ("TEA_ROAD", "Đường giao thông vùng sản xuất chè"),
        ("DOMESTIC_WATER", "Công trình nước sinh hoạt"),
        ("OTHER", "Công trình khác"),
    ]),
    # --- Support policies -----------------------------------------------------------------
    # The options have different measures (written in their names): the indicator's total
    # over options is not meaningful, only each option.
    "SUPPORT_ITEM": ("Nội dung hỗ trợ", [
        ("BARN_M2", "Làm chuồng trại chăn nuôi tập trung (m²)"),
        ("BIO_BEDDING_M2", "Làm đệm lót sinh học (m²)"),
        ("BIOGAS_M3", "Làm hầm biogas (m³)"),
        ("GRASS_HA", "Trồng cỏ làm thức ăn gia súc (ha)"),
        ("BEEHIVE", "Phát triển nuôi ong (thùng)"),
        ("GARDEN_HA", "Cải tạo vườn tạp, phát triển kinh tế vườn hộ (ha)"),
        ("CAM_SANH_LOAN_HA", "Vay vốn đầu tư nâng cao chất lượng cam sành (ha)"),
    ]),
    "SUPPORT_SOURCE": ("Nguồn kinh phí hỗ trợ", [
        ("STATE_BUDGET", "Ngân sách nhà nước"),
        ("CREDIT", "Vốn vay tín dụng"),
        ("SOCIAL", "Tổ chức, cá nhân (xã hội hóa)"),
    ]),
    # --- Training and dissemination -------------------------------------------------------
    "PROPAGANDA_AUDIENCE": ("Đối tượng được tuyên truyền, quán triệt", [
        ("PARTY_MEMBER", "Đảng viên"),
        ("NON_PARTY", "Cán bộ, công chức, viên chức và Nhân dân (không phải đảng viên)"),
    ]),
    # --- New rural areas ------------------------------------------------------------------
    "NTM_LEVEL": ("Mức đạt chuẩn nông thôn mới", [
        ("BASIC", "Nông thôn mới"),
        ("ADVANCED", "Nông thôn mới nâng cao"),
        ("MODEL", "Nông thôn mới kiểu mẫu"),
    ]),
    # The number of a criterion in its set (ruraldev): 19 in the 2021-2025 sets, 10 from 2026.
    "NTM_CRITERION": ("Tiêu chí nông thôn mới", [(f"C{n:02d}", f"Tiêu chí số {n}") for n in range(1, 20)]),
}

INDICATORS = [
    # --- Crops -------------------------------------------------------------------------
    ind("CROP_AREA", "Diện tích hiện có", "ha", group="trong_trot", time="stock", disagg="CROP",
        description="Cây lâu năm: diện tích hiện có tại thời điểm; cây hằng năm sản xuất một vụ/năm "
                    "(lúa chất lượng): diện tích sản xuất trong năm."),
    ind("CROP_NEW_AREA", "Diện tích trồng mới", "ha", group="trong_trot", disagg="CROP"),
    ind("CROP_HARVEST_AREA", "Diện tích kinh doanh, cho thu hoạch", "ha", group="trong_trot", time="stock",
        disagg="CROP"),
    ind("CROP_PRODUCTION", "Sản lượng", "tấn", group="trong_trot", disagg="CROP"),
    ind("CROP_YIELD", "Năng suất", "tấn/ha", group="trong_trot", disagg="CROP", kind="formula",
        formula="CROP_PRODUCTION / CROP_HARVEST_AREA", agg="none"),
    ind("CROP_PRODUCTION_AVG", "Sản lượng bình quân năm trong giai đoạn", "tấn/năm", group="trong_trot",
        time="stock", disagg="CROP",
        description="Bình quân mỗi năm của sản lượng trong một giai đoạn (ghi cho kỳ giai đoạn, ví dụ "
                    "2021-2022). Cộng được giữa các đơn vị cùng giai đoạn (tổng các bình quân năm là bình quân "
                    "năm của tổng); không cộng theo thời gian."),
    ind("CROP_SOWN_AREA", "Diện tích gieo trồng", "ha", group="trong_trot", disagg="CROP",
        description="Diện tích gieo trồng cây hằng năm theo vụ; diện tích các vụ cộng thành diện tích gieo "
                    "trồng cả năm."),
    ind("LAND_PREPARED_AREA", "Diện tích làm đất", "ha", group="trong_trot", disagg="CROP",
        description="Tiến độ làm đất của vụ (lũy kế đến kỳ báo cáo)."),
    ind("SEEDBED_AREA", "Diện tích gieo mạ", "ha", group="trong_trot",
        description="Diện tích gieo mạ lúa của vụ (lũy kế đến kỳ báo cáo)."),
    ind("CROP_CONVERTED_AREA", "Diện tích đất trồng lúa kém hiệu quả chuyển đổi sang cây trồng khác", "ha",
        group="trong_trot"),
    ind("HIGH_TECH_AREA", "Diện tích ứng dụng công nghệ cao", "ha", group="trong_trot", time="stock",
        disagg="HIGH_TECH_TYPE"),
    ind("PRODUCE_PROCESSED", "Sản lượng nông sản chế biến", "tấn", group="trong_trot", disagg="CROP",
        description="Chè: chè thành phẩm sản xuất được; chuối: chuối đưa vào chế biến (chuối sấy)."),
    ind("PRODUCE_EXPORTED", "Sản lượng nông sản xuất khẩu", "tấn", group="trong_trot", disagg="CROP"),
    ind("PRODUCE_STOCK", "Sản lượng nông sản tồn kho", "tấn", group="trong_trot", time="stock", disagg="CROP"),
    ind("TEA_SOLD", "Sản lượng chè tiêu thụ", "tấn", group="trong_trot", disagg="TEA_SALES_CHANNEL"),
    # --- Quality certification -----------------------------------------------------------
    ind("CERTIFIED_FACILITIES", "Số cơ sở được chứng nhận áp dụng tiêu chuẩn", "cơ sở", group="khac",
        time="stock", disagg="CERT_STANDARD", decimals=0),
    ind("CERTIFIED_AREA", "Diện tích được chứng nhận áp dụng tiêu chuẩn", "ha", group="khac", time="stock",
        disagg="CERT_STANDARD"),
    ind("CERTIFIED_AQUA_VOLUME", "Thể tích nuôi trồng thủy sản được chứng nhận", "m³", group="khac",
        time="stock", disagg="CERT_STANDARD", decimals=0),
    # --- Livestock ---------------------------------------------------------------------
    ind("HERD", "Tổng đàn gia súc", "con", group="chan_nuoi", time="stock", disagg="SPECIES", decimals=0),
    ind("POULTRY", "Tổng đàn gia cầm", "nghìn con", group="chan_nuoi", time="stock"),
    ind("MEAT_PRODUCTION", "Sản lượng thịt hơi xuất chuồng", "tấn", group="chan_nuoi", disagg="SPECIES"),
    ind("LIVESTOCK_FACILITIES", "Số cơ sở chăn nuôi tập trung", "cơ sở", group="chan_nuoi", time="stock",
        disagg="FACILITY_SPECIES", decimals=0,
        description="Cơ sở chăn nuôi tập trung theo phương pháp công nghiệp, bán công nghiệp (kể cả nuôi ong)."),
    ind("DISEASE_OUTBREAKS", "Số ổ dịch bệnh động vật (hộ chăn nuôi có dịch phát sinh)", "hộ", group="chan_nuoi",
        disagg="DISEASE", decimals=0,
        description="Mỗi hộ, cơ sở chăn nuôi có vật nuôi mắc bệnh là một ổ dịch, như báo cáo thú y ghi "
                    "(\"phát sinh tại 10 hộ chăn nuôi\")."),
    ind("ANIMALS_CULLED", "Số con vật nuôi bị tiêu hủy do dịch bệnh", "con", group="chan_nuoi",
        disagg="CULL_SPECIES", decimals=0),
    ind("ANIMALS_CULLED_WEIGHT", "Khối lượng vật nuôi bị tiêu hủy do dịch bệnh", "kg", group="chan_nuoi",
        disagg="CULL_SPECIES", decimals=0),
    ind("VACCINATION_UNITS_COMPLETED", "Số huyện, thành phố đã hoàn thành tiêm phòng vắc xin của đợt",
        "huyện, thành phố", group="chan_nuoi", time="stock", decimals=0),
    # --- Aquaculture -------------------------------------------------------------------
    ind("AQUA_PRODUCTION", "Sản lượng thủy sản", "tấn", group="thuy_san", disagg="AQUA_SOURCE"),
    ind("AQUA_POND_AREA", "Diện tích ao nuôi trồng thủy sản", "ha", group="thuy_san", time="stock"),
    ind("AQUA_VOLUME", "Thể tích nuôi trồng thủy sản", "m³", group="thuy_san", time="stock",
        disagg="AQUA_FACILITY", decimals=0),
    # --- Forestry ----------------------------------------------------------------------
    ind("FOREST_VIOLATIONS", "Số vụ vi phạm Luật Lâm nghiệp", "vụ", group="lam_nghiep", disagg="VIOLATION_TYPE",
        decimals=0),
    ind("FOREST_DAMAGED_AREA", "Diện tích rừng bị thiệt hại do vi phạm", "ha", group="lam_nghiep",
        disagg="VIOLATION_TYPE"),
    ind("FOREST_PATROLS", "Số đợt tuần tra, kiểm tra rừng", "đợt", group="lam_nghiep", decimals=0),
    ind("FOREST_PATROL_VIOLATIONS", "Số vụ vi phạm phát hiện qua tuần tra, kiểm tra rừng", "vụ",
        group="lam_nghiep", decimals=0),
    ind("FOREST_OUTREACH_VILLAGES", "Số lượt thôn, bản được họp tuyên truyền bảo vệ rừng", "lượt thôn bản",
        group="lam_nghiep", decimals=0),
    ind("FOREST_OUTREACH_SCHOOLS", "Số trường học được tuyên truyền bảo vệ rừng", "trường học",
        group="lam_nghiep", decimals=0),
    ind("FOREST_OUTREACH_PERSONS", "Số lượt người tham gia tuyên truyền bảo vệ rừng", "lượt người",
        group="lam_nghiep", disagg="OUTREACH_AUDIENCE", decimals=0),
    ind("FOREST_PLEDGES", "Số lượt hộ gia đình ký cam kết bảo vệ rừng, phòng cháy chữa cháy rừng",
        "lượt hộ gia đình", group="lam_nghiep", decimals=0),
    ind("FOREST_SERVICE_REVENUE", "Tiền dịch vụ môi trường rừng thu được", "triệu đồng", group="lam_nghiep",
        decimals=0, description="Khoản chi trả tiền DVMTR ghi ở CAPITAL_DISBURSED, nhóm FOREST_SERVICES."),
    # --- OCOP --------------------------------------------------------------------------
    ind("OCOP_PRODUCTS", "Số sản phẩm OCOP được công nhận", "sản phẩm", group="ocop", time="stock",
        disagg="OCOP_STARS", decimals=0,
        description="Sản phẩm còn hiệu lực chứng nhận tại thời điểm; sau này đếm từ sổ đăng ký sản phẩm OCOP."),
    ind("OCOP_NEW_PRODUCTS", "Số sản phẩm OCOP được công nhận mới", "sản phẩm", group="ocop",
        disagg="OCOP_STARS", decimals=0),
    ind("OCOP_RANKED_PRODUCTS", "Số sản phẩm tham gia đánh giá, phân hạng OCOP", "sản phẩm", group="ocop",
        disagg="OCOP_RANKING_RESULT", decimals=0),
    ind("OCOP_UPGRADE_PROPOSED", "Số sản phẩm OCOP đề nghị nâng hạng sao", "sản phẩm", group="ocop",
        disagg="OCOP_STARS", decimals=0, description="Nhóm: hạng sao đề nghị nâng lên."),
    ind("OCOP_RANKING_ROUNDS", "Số đợt đánh giá, phân hạng sản phẩm OCOP", "đợt", group="ocop", decimals=0),
    ind("OCOP_PRODUCTS_COOP", "Số sản phẩm OCOP do HTX nông nghiệp sở hữu", "sản phẩm", group="ocop",
        time="stock", decimals=0),
    ind("OCOP_COOP_SHARE", "Tỷ lệ sản phẩm OCOP do HTX nông nghiệp sở hữu", "%", group="ocop", time="stock",
        kind="formula", formula="OCOP_PRODUCTS_COOP / OCOP_PRODUCTS", scale=100, agg="none"),
    # --- Cooperatives and farms ----------------------------------------------------------
    ind("COOPERATIVES", "Số hợp tác xã nông nghiệp đang hoạt động", "HTX", group="htx", time="stock",
        disagg="COOP_FIELD", decimals=0),
    ind("COOPS_WITH_OCOP", "Số HTX nông nghiệp có sản phẩm OCOP", "HTX", group="htx", time="stock", decimals=0),
    ind("COOP_AVG_REVENUE", "Doanh thu bình quân của HTX nông nghiệp", "triệu đồng/HTX", group="htx",
        time="stock", agg="none", decimals=0),
    ind("COOP_WORKER_INCOME", "Thu nhập bình quân của người lao động HTX", "triệu đồng/năm", group="htx",
        time="stock", agg="none", decimals=0),
    ind("FARMS", "Số trang trại", "trang trại", group="htx", time="stock", disagg="FARM_TYPE", decimals=0),
    ind("FARM_AREA", "Tổng diện tích đất của trang trại", "ha", group="htx", time="stock"),
    ind("FARM_WORKERS", "Số lao động thường xuyên trong trang trại", "lao động", group="htx", time="stock",
        decimals=0),
    # --- Infrastructure ----------------------------------------------------------------
    ind("WORKS_LENGTH", "Chiều dài công trình hạ tầng sản xuất hoàn thành", "km", group="ha_tang",
        disagg="WORK_TYPE",
        description="Kênh mương được nâng cấp, sửa chữa, kiên cố; đường nội đồng được bê tông, cứng hóa."),
    ind("WORKS_COUNT", "Số công trình hạ tầng sản xuất hoàn thành", "công trình", group="ha_tang",
        disagg="WORK_TYPE", decimals=0),
    # --- Support policies and programmes -------------------------------------------------
    ind("SUPPORT_APPROVED_QUANTITY", "Khối lượng hỗ trợ được phê duyệt", "theo nội dung hỗ trợ", group="ho_tro",
        disagg="SUPPORT_ITEM", options_add_up=False,
        description="Đơn vị tính của từng nội dung ghi trong tên nhóm (m², m³, ha, thùng); không cộng các nhóm."),
    ind("SUPPORT_ACCEPTED_QUANTITY", "Khối lượng hỗ trợ đã nghiệm thu", "theo nội dung hỗ trợ", group="ho_tro",
        disagg="SUPPORT_ITEM", options_add_up=False,
        description="Đơn vị tính của từng nội dung ghi trong tên nhóm (m², m³, ha, thùng); không cộng các nhóm."),
    ind("SUPPORT_BENEFICIARIES", "Số đối tượng được hỗ trợ, thụ hưởng chính sách", "hộ, tổ chức, cá nhân",
        group="ho_tro", disagg="CAPITAL_LINE", decimals=0,
        description="Hộ gia đình, tổ chức, cá nhân được phê duyệt hỗ trợ hoặc thụ hưởng chính sách trong kỳ."),
    ind("SUPPORT_AREA", "Diện tích của đối tượng được hỗ trợ", "ha", group="ho_tro", disagg="CAPITAL_LINE"),
    ind("SUPPORT_PAID", "Kinh phí hỗ trợ trực tiếp cho đối tượng", "triệu đồng", group="ho_tro",
        disagg="SUPPORT_SOURCE", decimals=0, description="Kể cả hỗ trợ bằng hiện vật quy ra tiền."),
    ind("PROGRAMME_HOUSEHOLDS", "Số hộ tham gia thực hiện chương trình, dự án", "hộ", group="ho_tro",
        disagg="CAPITAL_LINE", decimals=0),
    ind("PROGRAMME_AREA", "Diện tích thực hiện chương trình, dự án", "ha", group="ho_tro", disagg="CAPITAL_LINE"),
    ind("PROGRAMME_JOBS", "Số lao động được giải quyết việc làm ổn định", "người", group="ho_tro",
        disagg="CAPITAL_LINE", decimals=0),
    ind("GARDENS", "Số vườn hộ được cải tạo", "vườn", group="ho_tro", time="stock", decimals=0),
    # --- Production value and income -----------------------------------------------------
    ind("PRODUCTION_VALUE_PER_HA", "Giá trị sản xuất nông nghiệp bình quân trên 1 ha", "triệu đồng/ha",
        group="gia_tri", time="stock", agg="none", decimals=1),
    ind("COMMODITY_ZONE_VALUE_PER_HA", "Giá trị sản xuất bình quân trên 1 ha vùng chuyên canh hàng hóa tập trung",
        "triệu đồng/ha", group="gia_tri", time="stock", agg="none", decimals=1),
    ind("INCOME_PER_HA", "Thu nhập bình quân trên 1 ha", "triệu đồng/ha", group="gia_tri", time="stock",
        disagg="CROP", agg="none", decimals=1),
    ind("NET_INCOME_PER_HA", "Thu nhập bình quân trên 1 ha sau khi trừ chi phí đầu tư", "triệu đồng/ha",
        group="gia_tri", time="stock", disagg="CROP", agg="none", decimals=1),
    ind("GARDEN_INCOME", "Tổng thu nhập từ vườn hộ", "triệu đồng", group="gia_tri", decimals=0),
    ind("GARDEN_INCOME_PER_GARDEN", "Thu nhập bình quân một vườn hộ", "triệu đồng/vườn", group="gia_tri",
        time="stock", kind="formula", formula="GARDEN_INCOME / GARDENS", agg="none", decimals=1),
    # --- Training and dissemination --------------------------------------------------------
    ind("TRAINING_CLASSES", "Số lớp đào tạo nghề nông nghiệp", "lớp", group="dao_tao", decimals=0),
    ind("TRAINEES", "Số học viên đào tạo nghề nông nghiệp", "học viên", group="dao_tao", decimals=0),
    ind("TECH_TRAINING_CLASSES", "Số lớp tập huấn, chuyển giao tiến bộ kỹ thuật", "lớp", group="dao_tao",
        decimals=0),
    ind("TECH_TRAINING_PARTICIPANTS", "Số lượt người tham gia tập huấn, chuyển giao tiến bộ kỹ thuật",
        "lượt người", group="dao_tao", decimals=0),
    ind("PROPAGANDA_PERSONS", "Số lượt người được tuyên truyền, quán triệt", "lượt người", group="dao_tao",
        disagg="PROPAGANDA_AUDIENCE", decimals=0),
    ind("PROPAGANDA_BROADCAST_MINUTES", "Thời lượng tuyên truyền trên hệ thống loa truyền thanh", "phút",
        group="dao_tao", decimals=0),
    ind("PROPAGANDA_NEWS", "Số tin bài tuyên truyền", "tin bài", group="dao_tao", decimals=0),
    ind("PROPAGANDA_BANNERS", "Số băng zôn tuyên truyền trực quan", "băng zôn", group="dao_tao", decimals=0),
    ind("PROPAGANDA_MOBILE_SESSIONS", "Số lượt thông tin lưu động", "lượt", group="dao_tao", decimals=0),
    # --- New rural areas, population -----------------------------------------------------
    ind("NTM_CRITERIA_MET", "Số tiêu chí nông thôn mới đạt chuẩn", "tiêu chí", group="nong_thon", time="stock",
        disagg="NTM_LEVEL", agg="none", decimals=0,
        description="Của một xã; không cộng giữa các xã."),
    # Derived from the criteria evaluations and recognitions of ruraldev (its providers).
    ind("NTM_CRITERIA_TOTAL", "Tổng số tiêu chí của bộ tiêu chí nông thôn mới đánh giá", "tiêu chí",
        group="nong_thon", time="stock", disagg="NTM_LEVEL", agg="none", decimals=0,
        description="Của một xã: số tiêu chí của bộ tiêu chí mà xã được đánh giá."),
    ind("NTM_COMMUNES_CRITERION_MET", "Số xã đạt từng tiêu chí nông thôn mới", "xã", group="nong_thon",
        time="stock", disagg="NTM_CRITERION", decimals=0, options_add_up=False,
        description="Theo kết quả đánh giá đã duyệt theo bộ tiêu chí xã nông thôn mới."),
    ind("NTM_COMMUNES_RECOGNISED", "Số xã được công nhận đạt chuẩn nông thôn mới", "xã", group="nong_thon",
        time="stock", disagg="NTM_LEVEL", decimals=0, options_add_up=False,
        description="Theo quyết định công nhận còn hiệu lực vào cuối kỳ."),
    ind("NTM_AVG_CRITERIA_MET", "Số tiêu chí nông thôn mới đạt bình quân một xã", "tiêu chí/xã", group="nong_thon",
        time="stock", disagg="NTM_LEVEL", agg="none", decimals=1),
    # Figures the criteria sets read (ruraldev: income per head, poverty, insurance, water).
    ind("RURAL_INCOME_PER_CAPITA", "Thu nhập bình quân đầu người khu vực nông thôn", "triệu đồng/người",
        group="nong_thon", time="stock", agg="none", decimals=1),
    ind("MULTIDIM_POVERTY_RATE", "Tỷ lệ nghèo đa chiều", "%", group="nong_thon", time="stock", agg="none",
        decimals=2),
    ind("HEALTH_INSURANCE_RATE", "Tỷ lệ người dân tham gia bảo hiểm y tế", "%", group="nong_thon", time="stock",
        agg="none", decimals=1),
    ind("CLEAN_WATER_HOUSEHOLD_RATE", "Tỷ lệ hộ được sử dụng nước sạch và hợp vệ sinh", "%", group="nong_thon",
        time="stock", agg="none", decimals=1),
    ind("PROJECTS", "Số dự án thực hiện", "dự án", group="nong_thon", disagg="CAPITAL_LINE", decimals=0),
    # --- Capital -----------------------------------------------------------------------
    ind("CAPITAL_ALLOCATED", "Vốn được phân bổ (kế hoạch vốn)", "triệu đồng", group="von", disagg="CAPITAL_LINE"),
    ind("CAPITAL_DISBURSED", "Vốn đã giải ngân", "triệu đồng", group="von", disagg="CAPITAL_LINE"),
    ind("CAPITAL_DISBURSED_PCT", "Tỷ lệ giải ngân so với kế hoạch vốn", "%", group="von", disagg="CAPITAL_LINE",
        kind="formula", formula="CAPITAL_DISBURSED / CAPITAL_ALLOCATED", scale=100, agg="none", decimals=0),
]

# CAPITAL_LINE options are the programmes, projects and policies whose capital, beneficiaries
# or projects the seeds report.  Options with a third element are parts of another line.
DISAGGREGATIONS["CAPITAL_LINE"] = ("Chương trình, dự án, chính sách", [
    ("NTP_DTTS_DA1_DISPERSED_WATER", "CTMTQG DTTS&MN — Dự án 1: nước sinh hoạt phân tán"),
    ("NTP_DTTS_DA1_CENTRAL_WATER", "CTMTQG DTTS&MN — Dự án 1: nước sinh hoạt tập trung"),
    ("NTP_DTTS_DA2", "CTMTQG DTTS&MN — Dự án 2: quy hoạch, sắp xếp, bố trí, ổn định dân cư"),
    ("NTP_DTTS_DA3_SUB1", "CTMTQG DTTS&MN — Dự án 3, Tiểu dự án 1: phát triển kinh tế nông, lâm nghiệp bền vững "
                          "gắn với bảo vệ rừng, nâng cao thu nhập"),
    ("NTP_DTTS_DA3_SUB2", "CTMTQG DTTS&MN — Dự án 3, Tiểu dự án 2: phát triển sản xuất theo chuỗi giá trị, "
                          "vùng trồng dược liệu quý"),
    ("RESETTLEMENT", "Chương trình bố trí dân cư"),
    ("RESETTLEMENT_DISASTER", "Chương trình bố trí dân cư — vùng thiên tai", "RESETTLEMENT"),
    ("RESETTLEMENT_FREE_MIGRATION", "Chương trình bố trí dân cư — di cư tự do", "RESETTLEMENT"),
    ("FOREST_SERVICES", "Chi trả dịch vụ môi trường rừng (DVMTR)"),
    ("FOREST_SERVICES_PREV_PLAN", "Chi trả DVMTR — chi kế hoạch năm trước", "FOREST_SERVICES"),
    ("FOREST_SERVICES_CURRENT_PLAN", "Chi trả DVMTR — chi kế hoạch năm hiện hành", "FOREST_SERVICES"),
    ("LC_NQ07_SUPPORT", "Chính sách phát triển nông nghiệp hàng hóa tập trung tỉnh Lai Châu "
                        "(Nghị quyết 07/2021/NQ-HĐND)"),
    ("HG_NQ04_CAM_SANH", "Nghị quyết 04/NQ-TU tỉnh Hà Giang — phát triển bền vững cây Cam Sành"),
    ("HG_NQ05_GARDEN", "Nghị quyết 05/NQ-TU tỉnh Hà Giang — cải tạo vườn tạp, phát triển kinh tế vườn hộ"),
])
