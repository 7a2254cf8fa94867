"""Extraction rules on sentences written for these tests (not the seeds' own sentences)."""

from decimal import Decimal

import pytest

from legacy.extract import Catalogue, document_period, extract, period_phrase

CATALOGUE = Catalogue(
    indicators=[
        {"code": "CROP_AREA", "name": "Diện tích hiện có", "measure": "ha", "stock": True,
         "options": [("TEA", "Chè"), ("RICE", "Lúa"), ("QUALITY_RICE", "Lúa chất lượng")]},
        {"code": "CROP_NEW_AREA", "name": "Diện tích trồng mới", "measure": "ha", "options": [("TEA", "Chè")]},
        {"code": "CROP_PRODUCTION", "name": "Sản lượng", "measure": "tấn", "options": [("TEA", "Chè")]},
        {"code": "OCOP_PRODUCTS", "name": "Số sản phẩm OCOP được công nhận", "measure": "sản phẩm",
         "options": [("STAR3", "3 sao"), ("STAR4", "4 sao")]},
        {"code": "COOPERATIVES", "name": "Số hợp tác xã nông nghiệp đang hoạt động", "measure": "HTX", "options": [],
         "stock": True},
        {"code": "DISBURSED_PCT", "name": "Tỷ lệ giải ngân so với kế hoạch vốn", "measure": "%", "options": []},
    ],
    units=[{"code": "12", "names": ["Tỉnh Lai Châu"]}, {"code": "12.105", "names": ["Thành phố Lai Châu"]},
           {"code": "12.105.03409", "names": ["Xã San Thàng"]}, {"code": "12.106", "names": ["Huyện Tam Đường"]}],
)


def one(text, unit="12", period="2023"):
    found = extract([text], CATALOGUE, unit, period)
    assert len(found) == 1, [(c.raw, c.measure) for c in found]
    return found[0]


@pytest.mark.parametrize("text,raw,value,measure", [
    ("Sản lượng chè búp tươi đạt 12.345,75 tấn.", "12.345,75", Decimal("12345.75"), "tấn"),
    ("Diện tích chè hiện có 1.735,6 ha.", "1.735,6", Decimal("1735.6"), "ha"),
    ("Trên địa bàn có 02 HTX mới thành lập.", "02", Decimal("2"), "HTX"),
    ("Tỷ lệ giải ngân đạt 84% kế hoạch vốn.", "84", Decimal("84"), "%"),
    ("Diện tích trồng mới 55ha chè.", "55", Decimal("55"), "ha"),
    ("Diện tích hiện có 241.317 ha.", "241.317", Decimal("241317"), "ha"),
])
def test_vietnamese_numbers_are_read_as_written(text, raw, value, measure):
    c = one(text)
    assert (c.raw, c.value, c.measure) == (raw, value, measure)



def test_ranges_like_3_4_sao_keep_both_ends():
    found = extract(["Thành phố có 12 sản phẩm OCOP được công nhận đạt từ 3-4 sao."], CATALOGUE, "12", "2023")
    star = [c for c in found if c.measure == "sao"]
    assert len(star) == 1 and (star[0].value, star[0].value_to, star[0].raw) == (3, 4, "3-4")
    products = [c for c in found if c.measure == "sản phẩm"]
    assert products[0].value == 12 and products[0].indicator == "OCOP_PRODUCTS"


@pytest.mark.parametrize("text", [
    "Thực hiện Nghị quyết số 05-NQ/TU ngày 22/02/2021 của Ban Chấp hành.",
    "Kế hoạch năm 2023 được ban hành trong tháng 12.",
    "1. Sản xuất nông nghiệp",
    "Căn cứ Quyết định số 3038/QĐ-UBND của UBND thành phố.",
])
def test_dates_document_numbers_years_and_list_numbers_are_not_figures(text):
    assert extract([text], CATALOGUE, "12", "2023") == []


def test_the_indicator_option_unit_and_period_are_suggested_from_the_sentence():
    c = one("Năm 2022, xã San Thàng trồng mới được 20,5 ha chè.", "12.105", "2023")
    assert (c.indicator, c.option, c.unit, c.period) == ("CROP_NEW_AREA", "TEA", "12.105.03409", "2022")


def test_an_indicator_with_another_measure_is_never_suggested():
    c = one("Diện tích chè đạt 500 tấn.")  # a slip in the text: tonnes can't be an area
    assert c.indicator == "CROP_PRODUCTION"


def test_without_a_unit_or_period_in_the_sentence_the_documents_apply():
    c = one("Toàn tỉnh có 183 HTX nông nghiệp đang hoạt động.", "12", "202312")
    assert (c.indicator, c.unit, c.period) == ("COOPERATIVES", "12", "202312")


@pytest.mark.parametrize("text,doc,expected", [
    ("so với cùng kỳ", "202312", "202212"),
    ("6 tháng đầu năm", "2023", "2023S1"),
    ("trong năm 2022", "2023", "2022"),
    ("giai đoạn 2021-2025", "2023", "2021-2025"),
    ("quý III", "2023", "2023Q3"),
    ("tháng 11", "2023", "202311"),
])
def test_period_phrases(text, doc, expected):
    assert period_phrase(text, doc) == expected


def test_the_document_period_is_the_month_it_reports_not_the_next_ones_plan():
    head = ["BÁO CÁO", "Tình hình sản xuất nông nghiệp tháng 6 năm 2024, phương hướng nhiệm vụ tháng 7 năm 2024",
            "Hà Nội, ngày 20 tháng 6 năm 2024"]
    assert document_period(head) == ("202406", "2024-06-20")


def test_a_december_report_gives_flows_for_the_year_unless_it_says_in_the_month():
    year, month = extract(["Sản lượng chè cả năm ước đạt 10.900 tấn. Trong tháng, sản lượng chè đạt 950 tấn."],
                          CATALOGUE, "12", "202312")
    assert (year.period, month.period) == ("2023", "202312")


def test_a_bare_name_in_a_province_report_is_the_district_valid_at_the_time():
    import datetime as dt

    cat = Catalogue(indicators=CATALOGUE.indicators, units=[
        {"code": "12", "names": ["Tỉnh Lai Châu"]},
        {"code": "12.111", "names": ["Huyện Tân Uyên"], "to": dt.date(2025, 6, 30)},
        {"code": "12.111.03598", "names": ["Thị trấn Tân Uyên"], "to": dt.date(2025, 6, 30)},
        {"code": "12.03598", "names": ["Xã Tân Uyên"], "from": dt.date(2025, 7, 1)}])
    old = extract(["Số HTX chia theo huyện: Tân Uyên 24 HTX."], cat, "12", "202312")[0]
    new = extract(["Số HTX chia theo xã: Tân Uyên 24 HTX."], cat, "12", "202601")[0]
    assert (old.unit, new.unit) == ("12.111", "12.03598")


def test_a_fraction_gives_both_numbers_with_the_measure_and_a_date_gives_none():
    found = extract(["Xã San Thàng hoàn thành 10/19 tiêu chí; ngày 7/8 tổ chức hội nghị với 120 người."],
                    CATALOGUE, "12", "2023")
    assert [(c.raw, c.measure) for c in found] == [("10", "tiêu chí"), ("19", "tiêu chí"), ("120", "người")]


def test_a_text_file_broken_between_a_number_and_its_measure_is_joined():
    from legacy.reading import read_paragraphs

    data = "- Toàn tỉnh có 183 HTX, trong đó Tam Đường 25\n\nHTX, Sìn Hồ 09\n\nHTX.\n\n- Mục khác có 3 HTX.\n"
    paras = read_paragraphs(data.encode(), "bc.txt")
    assert paras == ["- Toàn tỉnh có 183 HTX, trong đó Tam Đường 25 HTX, Sìn Hồ 09 HTX.", "- Mục khác có 3 HTX."]
