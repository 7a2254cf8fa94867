"""The monthly agriculture–forestry situation report of a province, district or
commune (modelled on seed 003: Lai Châu Department of Agriculture, December 2023).

``SECTIONS`` is the report: a declarative list of sections and the indicator each
sentence reads.  Placeholders in labels: ``{scope}`` (tỉnh, huyện …), ``{month}``
(tháng 12 năm 2023), ``{next_month}``, ``{year}``, ``{prev_year}``, and one per season
(``{DX}`` = đông xuân 2023-2024, ``{TD}`` = thu đông 2023 …).
"""

from __future__ import annotations

from periods.codes import MONTH

from .. import phrases as P
from ..models import ReportKind
from .base import Block, Builder, Report
from .items import Also, Capital, Completion, Fig, Notes, Others, Para, Part, Section, Text, Writer, season_name

SECTIONS = (
    Section("Tình hình sản xuất nông - lâm nghiệp {month}", (
        Section("Sản xuất nông nghiệp", (
            Section("Trồng trọt", (
                Para((
                    Fig("LAND_PREPARED_AREA", "diện tích làm đất", option="RICE", verb="ước đạt",
                        period="season:DX"),
                    Fig("SEEDBED_AREA", "diện tích gieo mạ", period="season:DX"),
                ), lead="Lúa {DX}"),
                Para((
                    Fig("CROP_SOWN_AREA", "diện tích thực hiện", option="MAIZE", period="season:DX",
                        compare="last_year"),
                ), lead="Ngô vụ đông, {DX}"),
            ), text_key="trong_trot"),
            Section("Chăn nuôi, thú y, thủy sản", (
                Section("Tình hình chăn nuôi, thủy sản", (
                    Para((
                        Fig("HERD", "tổng đàn gia súc chính", verb="ước đạt", compare="last_year",
                            parts=(Part("BUFFALO", "đàn trâu"), Part("CATTLE", "đàn bò"), Part("PIG", "đàn lợn"))),
                        Fig("POULTRY", "tổng đàn gia cầm", verb="ước đạt", compare="last_year"),
                        Fig("MEAT_PRODUCTION", "sản lượng thịt hơi xuất chuồng các loại", verb="ước đạt",
                            period="year", parts=(Part("PIG", "thịt lợn"),), parts_lead="", parts_paren=True),
                    ), sep=". "),
                    Para((
                        Fig("AQUA_POND_AREA", "diện tích ao nuôi trồng thủy sản toàn {scope}", verb="đạt",
                            period="year"),
                        Fig("AQUA_VOLUME", "thể tích bể nuôi cá nước lạnh (cá Tầm, cá Hồi)",
                            option="COLD_WATER_TANK", verb="đạt", period="year"),
                        Fig("AQUA_VOLUME", "thể tích nuôi cá lồng", option="CAGE", verb="ước đạt", period="year"),
                        Fig("AQUA_PRODUCTION", "sản lượng nuôi trồng và đánh bắt tự nhiên", verb="ước đạt",
                            period="year", parts=(Part("FARMED", "sản lượng nuôi trồng"),
                                                  Part("CAPTURED", "sản lượng khai thác")),
                            parts_lead="", parts_paren=True),
                    ), sep=". "),
                )),
                Section("Tình hình dịch bệnh động vật và quản lý chăn nuôi", (
                    Fig("DISEASE_OUTBREAKS", "trong tháng, số hộ chăn nuôi có dịch bệnh phát sinh", verb="là",
                        parts="all", where=True),
                    Fig("ANIMALS_CULLED", "số vật nuôi bị tiêu hủy do dịch bệnh", show_total=False, parts="all",
                        part_also=(Also("ANIMALS_CULLED_WEIGHT", joiner="/"),), where=True),
                    Completion("VACCINATION_UNITS_COMPLETED", "Công tác tiêm phòng vắc xin vụ {TD}",
                               done="đã hoàn thành công tác tiêm phòng", period="season:TD"),
                )),
            ), text_key="chan_nuoi"),
            Section("Công tác quản lý chất lượng nông, lâm, thủy sản", (
                Text("chat_luong"),
                Section("Tình hình ứng dụng công nghệ cao trong sản xuất", (
                    Fig("HIGH_TECH_AREA", "diện tích ứng dụng công nghệ cao toàn {scope}", verb="là", parts="all"),
                    Fig("CERTIFIED_FACILITIES", "số cơ sở trồng trọt, chăn nuôi, nuôi trồng thủy sản được chứng "
                        "nhận áp dụng tiêu chuẩn", verb="là", parts="all",
                        part_also=(Also("CERTIFIED_AREA", joiner="với"),
                                   Also("CERTIFIED_AQUA_VOLUME", joiner="với"))),
                ), marker="*"),
                Section("Tình hình chế biến, tiêu thụ nông sản", (
                    Para((
                        Fig("PRODUCE_PROCESSED", "sản lượng chè sản xuất trong tháng", option="TEA",
                            text="trong tháng sản xuất được {value}"),
                        Fig("TEA_SOLD", "sản lượng chè tiêu thụ", text="tiêu thụ được {value}", parts="all",
                            parts_lead="", parts_paren=True),
                        Fig("PRODUCE_STOCK", "lượng chè tồn kho", option="TEA",
                            text="tồn kho của tháng trước và trong tháng khoảng {value}"),
                    ), lead="Sản phẩm chè", sep=", "),
                    Para((
                        Fig("CROP_PRODUCTION", "sản lượng", option="BANANA", verb="ước đạt khoảng"),
                        Fig("PRODUCE_EXPORTED", "sản lượng chuối xuất khẩu", option="BANANA",
                            text="đã xuất khẩu được {value}"),
                        Fig("PRODUCE_PROCESSED", "sản lượng chuối chế biến", option="BANANA",
                            text="chế biến chuối sấy được {value}"),
                    ), lead="Chuối quả tươi", sep=", "),
                ), marker="*"),
            )),
        )),
        Section("Sản xuất lâm nghiệp", (
            Section("Công tác bảo vệ và phát triển rừng", (
                Para((
                    Fig("FOREST_OUTREACH_VILLAGES", "số lượt thôn bản được họp tuyên truyền bảo vệ rừng",
                        text="tổ chức họp tuyên truyền bảo vệ rừng tới {value}"),
                    Fig("FOREST_OUTREACH_PERSONS", "số lượt người dân tham gia", option="RESIDENT", verb="là"),
                    Fig("FOREST_OUTREACH_SCHOOLS", "số trường học được tuyên truyền", text="tuyên truyền tại {value}"),
                    Fig("FOREST_OUTREACH_PERSONS", "số lượt học sinh tham gia", option="PUPIL", verb="là"),
                    Fig("FOREST_PLEDGES", "số lượt hộ gia đình ký cam kết bảo vệ rừng, phòng cháy chữa cháy rừng",
                        text="ký cam kết bảo vệ rừng, phòng cháy chữa cháy rừng đến {value}"),
                )),
                Fig("FOREST_VIOLATIONS", "tổng số vụ vi phạm Luật Lâm nghiệp phát hiện trong tháng", verb="là",
                    parts="all", part_also=(Also("FOREST_DAMAGED_AREA", "diện tích thiệt hại", paren=True),),
                    compare="last_year"),
                Para((
                    Fig("FOREST_PATROLS", "số đợt tuần tra, kiểm tra rừng",
                        text="phối hợp tổ chức tuần tra, kiểm tra rừng được {value}"),
                    Fig("FOREST_PATROL_VIOLATIONS", "số vụ vi phạm phát hiện qua tuần tra",
                        text="qua tuần tra phát hiện {value} vi phạm"),
                ), sep=", "),
            ), text_key="lam_nghiep"),
            Section("Tình hình thực hiện chính sách chi trả dịch vụ môi trường rừng", (
                Para((
                    Fig("FOREST_SERVICE_REVENUE", "tổng thu lũy kế từ đầu năm đến nay", verb="là", period="year"),
                    Fig("CAPITAL_DISBURSED", "tổng chi lũy kế từ đầu năm", option="FOREST_SERVICES", verb="là",
                        period="year", parts=(Part("FOREST_SERVICES_PREV_PLAN", "chi kế hoạch năm {prev_year}:"),
                                              Part("FOREST_SERVICES_CURRENT_PLAN", "chi kế hoạch năm {year}:")),
                        parts_lead="", parts_paren=True),
                ), lead="Kết quả thu, chi"),
            ), text_key="dvmtr"),
        )),
        Section("Chương trình MTQG xây dựng nông thôn mới và OCOP", (
            Text("ntm_ocop"),
            Fig("OCOP_RANKED_PRODUCTS", "số sản phẩm tham gia đánh giá, phân hạng OCOP trong năm", verb="là",
                period="year", parts=(Part("PASSED", "đạt"), Part("FAILED", "chưa đạt"))),
            Fig("OCOP_PRODUCTS", "tổng số sản phẩm OCOP được công nhận còn hiệu lực", verb="là", parts="all"),
            Notes(kind="su_kien"),  # fairs and trade promotion of the month (notes.Note)
        )),
        Section("Công tác thủy lợi - phòng chống lũ, bão và nước sạch vệ sinh môi trường", (
            Text("thuy_loi"),
        )),
        Section("Công tác phát triển nông thôn", (
            Fig("COOPERATIVES", "số hợp tác xã đang hoạt động trong lĩnh vực nông nghiệp",
                text="Toàn {scope} có {value} đang hoạt động trong lĩnh vực nông nghiệp", parts="all",
                parts_lead="gồm", parts_paren=True, by_unit=True),
            Para((
                Fig("COOPS_WITH_OCOP", "số HTX nông nghiệp sở hữu sản phẩm OCOP", verb="là"),
                Fig("OCOP_PRODUCTS_COOP", "số sản phẩm OCOP do HTX nông nghiệp sở hữu", verb="là",
                    also=(Also("OCOP_COOP_SHARE", "chiếm", paren=True),)),
            )),
            Para((
                Fig("FARMS", "số trang trại", text="Toàn {scope} có {value}", parts="all", parts_lead="gồm",
                    parts_paren=True, by_unit=True),
                Fig("FARM_AREA", "tổng diện tích trong trang trại", verb="là"),
                Fig("FARM_WORKERS", "số lao động thường xuyên trong trang trại",
                    text="giải quyết việc làm thường xuyên cho {value}"),
            )),
            Fig("TRAINING_CLASSES", "số lớp đào tạo nghề nông nghiệp cho lao động nông thôn trong năm",
                text="Tổ chức mở được {value} đào tạo nghề nông nghiệp cho lao động nông thôn", period="year",
                also=(Also("TRAINEES", joiner="với", required=True, plan=True),), plan=True, by_unit=True),
            Capital("RESETTLEMENT", "Chương trình bố trí dân cư", projects=True),
            Section("Các Chương trình mục tiêu quốc gia", (
                Para((
                    Capital("NTP_DTTS_DA1_DISPERSED_WATER", "nước sinh hoạt phân tán", since=2021),
                    Capital("NTP_DTTS_DA1_CENTRAL_WATER", "nước sinh hoạt tập trung", since=2021),
                ), lead="Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi, Dự án 1 "
                        "(hỗ trợ nước sinh hoạt)", marker="+ "),
                Para((
                    Capital("NTP_DTTS_DA2", "Dự án 2 (quy hoạch, sắp xếp, bố trí, ổn định dân cư ở những nơi "
                                            "cần thiết)", since=2021, projects=True, households=True),
                ), marker="+ "),
                Para((
                    Capital("NTP_DTTS_DA3_SUB1", "Dự án 3, Tiểu dự án 1 (phát triển kinh tế nông, lâm nghiệp bền "
                                                 "vững gắn với bảo vệ rừng và nâng cao thu nhập)", since=2021),
                ), marker="+ "),
                Para((
                    Capital("NTP_DTTS_DA3_SUB2", "Dự án 3, Tiểu dự án 2 (đầu tư phát triển sản xuất theo chuỗi giá "
                                                 "trị, vùng trồng dược liệu quý)", since=2021),
                ), marker="+ "),
            ), marker="*"),
        ), text_key="phat_trien_nong_thon"),
        Section("Chỉ tiêu khác", (Others(),)),
    )),
    Section("Phương hướng, nhiệm vụ {next_month}", (Text("nhiem_vu", placeholder=True),)),
)

SEASON_SUFFIXES = ("DX", "HT", "VM", "TD", "VD")


class MonthlyBuilder(Builder):
    kind = ReportKind.MONTHLY
    sections = SECTIONS

    def placeholders(self, writer: Writer) -> dict[str, str]:
        p = self.period
        month = int(p.code[4:]) if p.period_type == MONTH else p.end.month
        year = p.year
        ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
        ph = {
            "scope": self.scope_word,
            "month": P.month_year(year, month) if p.period_type == MONTH else P.lower_first(p.name),
            "next_month": P.month_year(ny, nm),
            "year": str(year),
            "prev_year": str(year - 1),
        }
        for suffix in SEASON_SUFFIXES:
            ph[suffix] = season_name(writer.season(suffix))
        return ph

    def compose(self) -> Report:
        writer = Writer(self.figures, self.unit, self.period)
        writer.ph = self.placeholders(writer)
        blocks, _ = writer.section_blocks(self.sections, self.texts)
        from tasks.reporting import add_task_part  # the tasks' part: tasks.reporting
        add_task_part(blocks, Block, self.unit, self.period.end)
        summary = (f"Tình hình sản xuất nông - lâm nghiệp {writer.ph['month']}, "
                   f"phương hướng nhiệm vụ {writer.ph['next_month']}")
        closing = (f"Trên đây là Báo cáo tình hình sản xuất nông - lâm nghiệp {writer.ph['month']}, phương hướng, "
                   f"nhiệm vụ {writer.ph['next_month']} của {self.issuer_in_text()}./.")
        tables = writer.tables + ([writer.capital_table] if writer.capital_table.rows else [])
        return Report(self.kind, self.unit, self.period, None, self.header(), summary, [], blocks, closing, tables,
                      self.figures, self.texts)
