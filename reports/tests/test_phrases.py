"""The wording rules on their own: one place for each of them."""

import datetime as dt
from decimal import Decimal

import pytest

from reports import phrases as P


@pytest.mark.parametrize("value, expected", [
    (Decimal("83.72629843"), "84%"),  # 5.078 / 6.065 (seed 003: "đạt 84% KH")
    (Decimal("80.8391"), "81%"),  # 83.177 / 102.892 ("đạt 81% KH")
    (Decimal("52.2"), "52%"),
    (Decimal("12.5"), "13%"),  # half up, as officials round, not to even
    (Decimal("13.5"), "14%"),
    (Decimal("100"), "100%"),
    (Decimal("99.6"), "99,6%"),  # not yet achieved: never written 100%
    (Decimal("99.96"), "99,96%"),
    (Decimal("100.04"), "100,04%"),
    (Decimal("0.4"), "0,4%"),  # something, never written 0%
    (Decimal("0.6686"), "0,7%"),  # 686 / 102.611: a small share keeps a decimal, never "1%"
    (Decimal("5.24"), "5,2%"),
    (Decimal("0.04"), "0,04%"),
    (Decimal("0"), "0%"),
    (Decimal("250"), "250%"),
])
def test_percentages_are_whole_numbers_rounded_half_up_unless_that_changes_the_meaning(value, expected):
    assert P.percent(value) == expected


def test_percentages_with_one_decimal_drop_a_trailing_zero():
    assert P.percent(Decimal("98.3125"), 1) == "98,3%"
    assert P.percent(Decimal("100"), 1) == "100%"
    assert P.percent(Decimal("34.08"), 1) == "34,1%"


def test_quantities_use_the_vietnamese_format_and_round_half_up():
    assert P.qty(Decimal("353350"), "con", 0) == "353.350 con"
    assert P.qty(Decimal("1735.6"), "tấn") == "1.735,6 tấn"
    assert P.qty(Decimal("963.45"), "ha") == "963,45 ha"
    assert P.qty(Decimal("2.125"), "ha") == "2,13 ha"
    assert P.qty(Decimal("36.598"), "%", 1) == "36,6%"


def test_a_missing_quantity_is_written_as_not_reported_never_zero():
    assert P.qty(None, "con") == "chưa có số liệu"
    assert P.percent(None) == "chưa có số liệu"
    assert P.number(None) == "chưa có số liệu"
    assert P.change(None, Decimal(5), "ha") is None
    assert P.change(Decimal(5), None, "ha") is None
    assert P.of_plan(None) is None


def test_change_says_increase_decrease_or_unchanged():
    assert P.change(Decimal(610), Decimal(555), "ha") == "tăng 55 ha (9,9%) so với cùng kỳ năm trước"
    assert P.change(Decimal(95), Decimal(100), "con", 0) == "giảm 5 con (5%) so với cùng kỳ năm trước"
    assert P.change(Decimal(10), Decimal(10), "vụ") == "bằng cùng kỳ năm trước"
    assert P.change(Decimal(10892), Decimal(10309), "tấn", against="so với năm 2020",
                    with_percent=False) == "tăng 583 tấn so với năm 2020"
    # A change that rounds away is "unchanged", not "tăng 0".
    assert P.change(Decimal("10.001"), Decimal("10"), "ha", 2) == "bằng cùng kỳ năm trước"
    # From zero there is no percentage.
    assert P.change(Decimal(3), Decimal(0), "vụ") == "tăng 3 vụ so với cùng kỳ năm trước"


def test_percent_of_plan():
    assert P.of_plan(Decimal("83.726")) == "đạt 84% kế hoạch"
    assert P.of_plan(Decimal("98.31"), "mục tiêu", 1) == "đạt 98,3% mục tiêu"


def test_breakdown_and_lists_by_unit():
    parts = [("đàn trâu", "92.760 con"), ("đàn bò", "25.590 con"), ("đàn lợn", "235.000 con")]
    assert P.breakdown(parts) == "trong đó: đàn trâu 92.760 con, đàn bò 25.590 con, đàn lợn 235.000 con"
    # Parts holding a decimal comma are separated by semicolons.
    assert P.breakdown([("RA", "2 cơ sở với 221 ha"), ("VietGAP", "4 cơ sở với 41,8 ha")], "gồm") == \
        "gồm: RA 2 cơ sở với 221 ha; VietGAP 4 cơ sở với 41,8 ha"
    assert P.breakdown([]) == ""
    listing = P.unit_list([("Tân Uyên", "10 trang trại"), ("Sìn Hồ", None), ("Tam Đường", "1 trang trại"),
                           ("Mường Tè", None)])
    assert listing == "Tân Uyên 10 trang trại, Tam Đường 1 trang trại; Sìn Hồ, Mường Tè chưa có số liệu"
    assert P.unit_list([("Sìn Hồ", None)]) == "Sìn Hồ chưa có số liệu"


def test_dates_follow_decree_30():
    assert P.date_line("Lai Châu", dt.date(2023, 7, 10)) == "Lai Châu, ngày 10 tháng 7 năm 2023"
    assert P.date_line("Lai Châu", dt.date(2024, 2, 5)) == "Lai Châu, ngày 05 tháng 02 năm 2024"
    assert P.date_line("Lai Châu", dt.date(2024, 1, 1)) == "Lai Châu, ngày 01 tháng 01 năm 2024"
    assert P.date_line("Lai Châu", dt.date(2023, 12, 31)) == "Lai Châu, ngày 31 tháng 12 năm 2023"
    assert P.date_line("Lai Châu", dt.date(2023, 3, 9)) == "Lai Châu, ngày 09 tháng 3 năm 2023"
    assert P.month_year(2024, 1) == "tháng 01 năm 2024"
    assert P.month_year(2023, 12) == "tháng 12 năm 2023"


def test_units_and_names_inside_sentences():
    assert P.short_unit_name("Huyện Tam Đường") == "Tam Đường"
    assert P.short_unit_name("Thành phố Lai Châu") == "thành phố Lai Châu"
    assert P.short_unit_name("Xã San Thàng") == "San Thàng"
    assert P.place_name("Tỉnh Lai Châu") == "Lai Châu"
    assert P.in_unit("Tỉnh Lai Châu") == "tỉnh Lai Châu"
    assert P.lower_first("Trâu") == "trâu"
    assert P.lower_first("VietGAP trồng trọt") == "VietGAP trồng trọt"
    assert P.lower_first("Rainforest Alliance (RA)") == "Rainforest Alliance (RA)"
    assert P.lower_first("Dịch tả lợn Châu Phi") == "dịch tả lợn Châu Phi"
    assert P.sentence("tổng đàn 5 con", None, "") == "Tổng đàn 5 con."
    assert P.target(">=", "1.600 tấn") == "trên 1.600 tấn"
    assert P.target("=", "329,2 ha") == "329,2 ha"
    assert P.target("<=", "5 vụ") == "không quá 5 vụ"
