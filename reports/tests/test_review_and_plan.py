"""The mid-term review (seed 000) and the annual plan (seed 002) of Lai Châu City."""

import datetime as dt
from decimal import Decimal

import pytest

from datavalues.writing import FigureChange
from indicators.models import Indicator
from periods.models import Period
from programmes.models import Programme
from programmes.writing import do_set_targets
from reports.builders.plan import PlanBuilder
from reports.builders.review import ReviewBuilder
from reports.rendering import render_docx
from reports.service import ReportError, build_from_codes, default_programme
from units.models import Unit

from .conftest import docx_text

pytestmark = pytest.mark.django_db
CITY = "12.105"


def review(programme="05-NQ/TU", period="2023"):
    return ReviewBuilder(Unit.objects.get(code=CITY), Period.objects.for_code(period),
                         Programme.objects.get(code=programme), date=dt.date(2023, 7, 10)).build()


def clause(text: str, lead: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith(f"- {lead}:")]
    assert lines, f"không thấy dòng «{lead}»"
    return lines[0]


def test_the_mid_term_review_of_lai_chau_city_states_the_seed_000_figures(demo):
    report = review()
    text = docx_text(render_docx(report))
    tea = clause(text, "Chè")
    assert "tổng diện tích 963,45 ha" in tea
    assert "diện tích trồng mới 20,45 ha (giai đoạn 2021-2023)" in tea
    assert "sản lượng chè búp tươi 10.892 tấn (năm 2022)" in tea
    assert "tổng diện tích 280,4 ha" in clause(text, "Mắc ca")
    rice = clause(text, "Lúa chất lượng")
    assert "diện tích 342 ha (năm 2022)" in rice
    assert "sản lượng bình quân 1.735,6 tấn/năm (giai đoạn 2021-2022)" in rice
    assert "diện tích vùng trồng hoa tập trung 78,65 ha" in clause(text, "Hoa")
    assert "diện tích cây ăn quả 160,4 ha" in clause(text, "Cây ăn quả")
    # The anchor is the resolution: a July review does not judge it against the annual plan of the
    # year still running (no "13,5 tấn (2022), đạt 27% of the 2023 plan"), nor print its internal code.
    assert "KH-2023-TPLC" not in text and "mục tiêu trên 50 tấn" not in text and "đạt 100% kế hoạch" not in tea
    assert "Trên địa bàn thành phố có 21 HTX" in text and "44 sản phẩm" in text
    # The stars add up to the 44: the breakdown is given (and no "tăng 44 so với năm 2020" from assumed dates).
    assert "44 sản phẩm, trong đó: 3 sao 42 sản phẩm, 4 sao 02 sản phẩm" in text
    assert "so với năm 2020, trong đó: 3 sao" not in text
    assert report.summary.startswith("Sơ kết tình hình thực hiện Nghị quyết số 05-NQ/TU ngày 22/02/2021")


def test_a_review_after_the_year_judges_against_that_years_plan_named_by_its_document(demo):
    report = ReviewBuilder(Unit.objects.get(code=CITY), Period.objects.for_code("2023"),
                           Programme.objects.get(code="05-NQ/TU"), date=dt.date(2024, 1, 10)).build()
    text = report.plain_text()
    assert "Sản lượng (mắc ca): mục tiêu trên 50 tấn (kế hoạch năm 2023); thực hiện 13,5 tấn, đạt 27% " \
           "mục tiêu; đánh giá: dự báo khó đạt" in text
    assert "Trong 12 mục tiêu được theo dõi:" in text
    assert "KH-2023-TPLC" not in text


def test_the_review_compares_with_the_baseline_year_and_the_term_target(put, without_record_providers):
    put(("CROP_AREA", "FLOWER", CITY, "2020", "62.95"), ("CROP_AREA", "FLOWER", CITY, "2023", "78.65"),
        ("CROP_NEW_AREA", "TEA", CITY, "2021-2023", "20.45"))
    term_prog = _targets_programme()
    report = review(term_prog.code)
    text = report.plain_text()
    flower = clause(text, "Hoa")
    assert "diện tích vùng trồng hoa tập trung 78,65 ha, đạt 98,3% mục tiêu giai đoạn 2021-2025, " \
           "tăng 15,7 ha (24,9%) so với năm 2020" in flower
    assert "Diện tích hiện có (hoa): mục tiêu trên 80 ha (Nghị quyết 01-NQ/ThU, giai đoạn 2021-2025); thực hiện " \
           "78,65 ha, đạt 98,3% mục tiêu; tăng 15,7 ha (24,9%) so với năm 2020" in text
    assert "diện tích trồng mới 20,45 ha (giai đoạn 2021-2023), đạt 34,1% mục tiêu giai đoạn 2021-2025" in \
        clause(text, "Chè")
    # The appendix table writes the share as the sentence does (98,3%, not 98%).
    targets = next(t for t in report.tables if t.key == "muc_tieu")
    flower_row = next(r for r in targets.text_rows() if "hoa" in r[1].lower())
    assert flower_row[7] == "98,3%"


def _targets_programme():
    term = Period.objects.for_code("2021-2025")
    prog = Programme.objects.create(code="TEST-NQ", title="Về phát triển nông nghiệp hàng hóa", term=term,
                                    unit=Unit.objects.get(code=CITY), number="01-NQ/ThU",
                                    issuer="Thành ủy Lai Châu", signed_on=dt.date(2021, 5, 21))
    city = Unit.objects.get(code=CITY)
    area, new = Indicator.objects.get(code="CROP_AREA"), Indicator.objects.get(code="CROP_NEW_AREA")
    do_set_targets(prog, [
        FigureChange(area, area.option_for("FLOWER"), city, term, Decimal(80), attrs=(("operator", ">="),)),
        FigureChange(new, new.option_for("TEA"), city, term, Decimal(60), attrs=(("operator", ">="),)),
    ], channel="system")
    return prog


def test_the_annual_plan_splits_targets_by_commune_beside_last_year(demo):
    report = PlanBuilder(Unit.objects.get(code=CITY), Period.objects.for_code("2023"),
                         Programme.objects.get(code="KH-2023-TPLC"), date=dt.date(2023, 1, 10)).build()
    text = docx_text(render_docx(report))
    assert "KẾ HOẠCH" in text
    rice = [line for line in text.splitlines() if line.startswith("- Diện tích hiện có (lúa chất lượng)")][0]
    assert "kế hoạch năm 2023 là 329,2 ha (gồm: Quyết Thắng 22,2 ha; Sùng Phài 142 ha; Đông Phong 30 ha; " \
           "San Thàng 135 ha)" in rice
    assert "thực hiện năm 2022: 342 ha" in rice
    assert "Sản lượng (chè): kế hoạch năm 2023 là trên 10.900 tấn; thực hiện năm 2022: 10.892 tấn." in text
    assert "Sản lượng (lúa chất lượng): kế hoạch năm 2023 là trên 1.600 tấn; thực hiện năm 2022: chưa có số liệu." \
        in text
    # The table beside: last year's result and the plan, commune by commune.
    assert "3 | Diện tích hiện có (lúa chất lượng) | ha | 342 | 329,2 | đạt | kế hoạch năm 2023" in text
    assert " | - Xã San Thàng | ha | — | 135 | đạt | kế hoạch năm 2023" in text
    # The legal bases as the plan prints them: the city's term plan and the year's targets decision.
    assert report.intro[:2] == [
        "Căn cứ Kế hoạch số 2169/KH-UBND ngày 09/07/2021 của UBND thành phố Lai Châu về việc phát triển sản xuất "
        "nông nghiệp hàng hóa trên địa bàn thành phố Lai Châu giai đoạn 2021-2025, định hướng đến năm 2030;",
        "Căn cứ Quyết định số 3038/QĐ-UBND ngày 19/12/2022 của UBND thành phố Lai Châu V/v giao chỉ tiêu kế hoạch "
        "phát triển kinh tế - xã hội năm 2023;"]
    assert "05-NQ/TU" not in " ".join(report.intro) and "KH-2023-TPLC" not in text


def test_default_programmes(demo):
    city, year = Unit.objects.get(code=CITY), Period.objects.for_code("2023")
    assert default_programme("review", city, year).code == "05-NQ/TU"
    assert default_programme("plan", city, year).code == "KH-2023-TPLC"


def test_wrong_periods_are_refused_in_vietnamese(db):
    with pytest.raises(ReportError, match="Báo cáo tháng cần kỳ là một tháng"):
        build_from_codes("monthly", "12", "2023")
    with pytest.raises(ReportError, match="Kế hoạch sản xuất cần kỳ là một năm"):
        build_from_codes("plan", "12.105", "202312")
    with pytest.raises(ReportError, match="không tồn tại"):
        build_from_codes("monthly", "99", "202312")
    with pytest.raises(ReportError, match="sai định dạng"):
        build_from_codes("monthly", "12", "2023-13")


def test_no_payment_recorded_is_not_written_as_zero_money(demo):
    """Seed 000's support is approved, acceptance in progress: nothing is paid yet. The review
    does not print 'Kinh phí hỗ trợ … 0 triệu đồng'."""
    text = review().plain_text()
    assert "Quy mô hỗ trợ được phê duyệt" in text
    assert "kinh phí hỗ trợ trực tiếp cho đối tượng là 0" not in text.lower()
