"""The monthly report of Lai Châu province, December 2023 (seed 003), generated from
values stored through the product's write path."""

import io
import re

import pytest
from openpyxl import load_workbook

from periods.models import Period
from reports.builders.monthly import MonthlyBuilder
from reports.rendering import render_docx, render_xlsx
from units.models import Unit

from .conftest import DISTRICTS, REPORT_DATE, docx_text

pytestmark = pytest.mark.django_db


def monthly(unit="12", period="202312"):
    return MonthlyBuilder(Unit.objects.get(code=unit), Period.objects.for_code(period), date=REPORT_DATE).build()


def line_with(text: str, needle: str) -> str:
    found = [line for line in text.splitlines() if needle in line]
    assert found, f"không thấy «{needle}» trong báo cáo"
    return found[0]


def test_the_december_report_states_the_seed_figures_computed_from_stored_parts(december_parts):
    report = monthly()
    text = docx_text(render_docx(report))
    # Herd: only the species are stored; the total is the engine's sum.
    herd = line_with(text, "Tổng đàn gia súc chính")
    assert "353.350 con, trong đó: đàn trâu 92.760 con, đàn bò 25.590 con, đàn lợn 235.000 con" in herd
    # Aquaculture: 3.700 = 3.506 + 194.
    assert "sản lượng nuôi trồng và đánh bắt tự nhiên ước đạt 3.700 tấn (sản lượng nuôi trồng 3.506 tấn, " \
           "sản lượng khai thác 194 tấn)" in text.lower()
    # Cooperatives: 183 = the eight districts.
    coops = line_with(text, "HTX đang hoạt động")
    assert "Toàn tỉnh có 183 HTX" in coops
    for name, count, _, _ in DISTRICTS.values():
        assert f"{name} {count:02d} HTX" in coops  # counts below ten as the seed writes them: "Sìn Hồ 09 HTX"
    # Training: 149 classes and 4.465 trainees, by district.
    training = line_with(text, "đào tạo nghề nông nghiệp")
    assert "149 lớp" in training and "4.465 học viên" in training
    for name, _, classes, trainees in DISTRICTS.values():
        assert f"{name} {classes:02d} lớp, {trainees} học viên" in training
    # Capital: % of plan computed from allocated and disbursed.
    water = line_with(text, "nước sinh hoạt phân tán")
    assert re.search(r"nước sinh hoạt phân tán: tổng vốn đã được phân bổ giai đoạn 2022-2023 là 6\.065 triệu đồng "
                     r"\(năm 2022 là 2\.120 triệu đồng; năm 2023 là 3\.945 triệu đồng\), đã giải ngân 5\.078 triệu "
                     r"đồng, đạt 84% kế hoạch", water)
    assert "đã giải ngân 83.177 triệu đồng, đạt 81% kế hoạch" in water


def test_changing_one_stored_value_changes_every_dependent_sentence_and_total(december_parts, put):
    before = docx_text(render_docx(monthly()))
    assert "353.350 con" in before and "Tam Đường 19 lớp" in before and "đạt 84% kế hoạch" in before
    put(("HERD", "PIG", "12", "202312", 236000),
        ("TRAINING_CLASSES", None, "12.106", "2023", 20),
        ("CAPITAL_DISBURSED", "NTP_DTTS_DA1_DISPERSED_WATER", "12", "2022-2023", 5500))
    report = monthly()
    after = docx_text(render_docx(report))
    assert "354.350 con, trong đó: đàn trâu 92.760 con, đàn bò 25.590 con, đàn lợn 236.000 con" in after
    assert "353.350" not in after and "235.000" not in after
    assert "150 lớp" in after and "Tam Đường 20 lớp, 570 học viên" in after and "149 lớp" not in after
    assert "đã giải ngân 5.500 triệu đồng, đạt 91% kế hoạch" in after and "5.078" not in after
    # The appendix tables and the Excel annex follow too.
    assert "Huyện Tam Đường | 20 | 570" in after
    assert "Tổng cộng (Tỉnh Lai Châu) | 150 | 4.465" in after
    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    used = wb["Số liệu sử dụng"]
    rows = {(r[0], r[2] or "", r[4], r[6]): r[7] for r in used.iter_rows(min_row=2, values_only=True)}
    assert rows[("HERD", "", "12", "Tháng 12/2023")] == 354350
    assert rows[("TRAINING_CLASSES", "", "12", "Năm 2023")] == 150


def test_missing_figures_are_written_as_not_reported_and_listed_never_zero(december_parts):
    report = monthly()
    text = report.plain_text()
    # Nothing about poultry or farms was stored.
    assert "Tổng đàn gia cầm chưa có số liệu" in text
    assert "Số trang trại chưa có số liệu" in text or "số trang trại chưa có số liệu" in text
    assert not re.search(r"\b0 (con|ha|tấn|HTX|trang trại|vụ|lớp)\b", text)
    missing = [m.text() for m in report.missing]
    assert "Tổng đàn gia cầm: Tỉnh Lai Châu, tháng 12/2023" in missing
    # The comparison with December 2022 has no data either: no sentence invents one, the annex lists it.
    assert "Tổng đàn gia súc: Tỉnh Lai Châu, tháng 12/2022 (để so sánh)" in missing
    assert "so với cùng kỳ" not in line_with(text, "Tổng đàn gia súc chính")
    docx = docx_text(render_docx(report))
    assert "Số liệu chưa có" in docx and "Tổng đàn gia cầm: Tỉnh Lai Châu, tháng 12/2023" in docx


def test_a_district_is_listed_as_not_reported_when_its_figure_is_missing(december_parts, put):
    put(("COOPERATIVES", None, "12.108", "202312", None))  # Sìn Hồ withdraws its figure
    text = monthly().plain_text()
    coops = line_with(text, "HTX đang hoạt động")
    assert "Toàn tỉnh có 174 HTX" in coops
    assert "Sìn Hồ chưa có số liệu" in coops and "Sìn Hồ 0" not in coops


def test_the_same_period_last_year_is_compared_when_it_is_stored(december_parts, put):
    put(("HERD", None, "12", "202212", 350000))
    text = monthly().plain_text()
    assert "Tổng đàn gia súc chính ước đạt 353.350 con, tăng 3.350 con (1%) so với cùng kỳ năm trước" in text


def test_a_district_report_lists_its_communes(put):
    put(("COOPERATIVES", None, "12.105.03409", "202312", 4), ("COOPERATIVES", None, "12.105.03403", "202312", 3))
    text = monthly("12.105").plain_text()
    coops = line_with(text, "HTX đang hoạt động")
    assert coops.startswith("- Toàn thành phố có 07 HTX")
    assert "San Thàng 04 HTX" in coops and "Sùng Phài 03 HTX" in coops
    assert "PHÒNG KINH TẾ" in text and "UBND THÀNH PHỐ LAI CHÂU" in text


def test_text_sections_written_by_users_appear_in_the_report(december_parts):
    from reports.actions import do_set_report_texts

    do_set_report_texts("monthly", Unit.objects.get(code="12"), Period.objects.for_code("202312"), {
        "nhiem_vu": "1. Trồng trọt và Bảo vệ thực vật\nTập trung chỉ đạo sản xuất vụ đông xuân 2023-2024.",
        "nguoi_ky": "Đặng Văn Châu", "so": "245"}, channel="system")
    text = docx_text(render_docx(monthly()))
    assert "II. Phương hướng, nhiệm vụ tháng 01 năm 2024\n1. Trồng trọt và Bảo vệ thực vật\n" \
           "Tập trung chỉ đạo sản xuất vụ đông xuân 2023-2024." in text
    assert "Đặng Văn Châu" in text and "Số: 245/BC-SNNPTNT" in text
    # The signer is sticky: January's report keeps him, but not December's tasks or number.
    january = monthly(period="202401").plain_text()
    assert "GIÁM ĐỐC\nĐặng Văn Châu" in january  # the signature block, sticky
    ctx = MonthlyBuilder(Unit.objects.get(code="12"), Period.objects.for_code("202401"), date=REPORT_DATE
                         ).build().context()
    assert ctx["nguoi_ky"] == "Đặng Văn Châu"
    assert "245" not in ctx["so_ky_hieu"]
    assert "Tập trung chỉ đạo" not in january


def test_the_demo_data_gives_the_seed_report(demo):
    """load_demo stores seed 003 as the officials wrote it; the report reproduces it."""
    text = docx_text(render_docx(monthly()))
    for needle in ["353.350 con, trong đó: đàn trâu 92.760 con, đàn bò 25.590 con, đàn lợn 235.000 con",
                   "3.700 tấn (sản lượng nuôi trồng 3.506 tấn, sản lượng khai thác 194 tấn)",
                   "Toàn tỉnh có 183 HTX", "thành phố Lai Châu 22 HTX", "Tam Đường 25 HTX", "149 lớp", "4.465 học viên",
                   "Phong Thổ 25 lớp, 775 học viên", "đạt 84% kế hoạch", "đạt 81% kế hoạch",
                   "Chương trình bố trí dân cư: kế hoạch vốn năm 2023 là 171.373 triệu đồng",
                   "7/8 huyện, thành phố đã hoàn thành công tác tiêm phòng, hiện còn huyện Nậm Nhùn đang triển khai",
                   "Tổng số vụ vi phạm Luật Lâm nghiệp phát hiện trong tháng là 15 vụ",
                   "Lúa đông xuân 2023-2024: diện tích làm đất ước đạt 452 ha; diện tích gieo mạ 67 ha"]:
        assert needle in text, needle
    # The rabies outbreak's households are not known, so the total is not; the 10 ASF households are.
    outbreaks = line_with(text, "số hộ chăn nuôi có dịch bệnh phát sinh")
    assert "chưa có đủ số liệu; trong đó: dịch tả lợn Châu Phi 10 hộ" in outbreaks
    # The province's 194 OCOP products: the stars are known only for the city's 44, so no "trong đó".
    ocop = line_with(text, "sản phẩm OCOP được công nhận còn hiệu lực")
    assert "194 sản phẩm" in ocop and "trong đó" not in ocop


def test_adding_a_section_is_data_not_code(december_parts):
    from reports.builders.items import Fig, Section

    class HerdOnly(MonthlyBuilder):
        sections = (Section("Chăn nuôi", (Fig("HERD", "tổng đàn gia súc", verb="là", parts="all"),)),
                    Section("Thủy sản", (Fig("AQUA_PRODUCTION", "sản lượng thủy sản", period="year"),)))

    text = HerdOnly(Unit.objects.get(code="12"), Period.objects.for_code("202312"), date=REPORT_DATE).build(
    ).plain_text()
    assert "I. Chăn nuôi\n- Tổng đàn gia súc là 353.350 con, trong đó: trâu 92.760 con, bò 25.590 con, " \
           "lợn 235.000 con.\nII. Thủy sản\n- Sản lượng thủy sản 3.700 tấn." in text


def test_a_stored_whole_is_never_printed_beside_parts_that_contradict_it(december_parts, put):
    # The province also reports the herd's total; then a new pig figure arrives that no
    # longer adds up to it (issue: the report kept "353.350 con, trong đó … đàn lợn 236.000").
    put(("HERD", None, "12", "202312", 353350))
    assert "353.350 con, trong đó: đàn trâu 92.760 con" in docx_text(render_docx(monthly()))
    put(("HERD", "PIG", "12", "202312", 236000))
    report = monthly()
    herd = line_with(docx_text(render_docx(report)), "Tổng đàn gia súc chính")
    assert "353.350 con" in herd and "trong đó" not in herd and "236.000" not in herd
    # The contradiction is listed for the drafter, with both figures.
    assert any("353.350" in f.message and "354.350" in f.message for f in report.flags)


def test_a_report_after_the_term_never_invents_zero_capital_nor_a_longer_term(demo):
    # Issue: 12/2026 wrote "năm 2024 là 0 triệu đồng; năm 2025 là 0 …" where no plan line
    # exists, and "giai đoạn 2021-2026" for a 2021-2025 programme.
    text = docx_text(render_docx(monthly(period="202612")))
    capital = [line for line in text.splitlines() if "tổng vốn đã được phân bổ" in line]
    assert capital, "the capital sentences are in the report"
    for line in capital:
        assert "năm 2024 là 0 triệu đồng" not in line and "năm 2026 là 0" not in line
    assert "2021-2026" not in text and "2022-2026" not in text
