from decimal import Decimal

import pytest

from bacthang.lib.numbers import (
    PLAIN,
    VI,
    NumberColumn,
    NumberError,
    format_number,
    format_percent,
    format_plain,
    format_quantity,
    parse_number,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1.735,6", "1735.6"),
        ("353.350", "353350"),
        ("1735.6", "1735.6"),  # cannot be Vietnamese: a plain decimal
        ("0.5", "0.5"),
        ("22,2", "22.2"),
        ("1 735,6", "1735.6"),
        ("12", "12"),
        ("-3,5", "-3.5"),
        ("498.790", "498790"),
    ],
)
def test_vietnamese_and_plain_texts_are_read(text, expected):
    assert parse_number(text) == Decimal(expected)


def test_the_declared_style_decides_an_ambiguous_text():
    assert parse_number("241.317", VI) == Decimal("241317")
    assert parse_number("241.317", PLAIN) == Decimal("241.317")


@pytest.mark.parametrize("text", ["abc", "1,735.6", "1.73.5", "12a", "", "1e5", "=1+2"])
def test_non_numbers_are_refused_in_vietnamese(text):
    with pytest.raises(NumberError) as e:
        parse_number(text)
    assert "số" in str(e.value)


def test_plain_style_refuses_grouping():
    with pytest.raises(NumberError, match="kiểu thường"):
        parse_number("1.735,6", PLAIN)


def test_spreadsheet_numbers_pass_through_without_float_noise():
    assert parse_number(1735.6) == Decimal("1735.6")
    assert parse_number(353350) == Decimal("353350")
    with pytest.raises(NumberError):
        parse_number(float("nan"))
    with pytest.raises(NumberError):
        parse_number(True)


def test_huge_numbers_are_refused():
    with pytest.raises(NumberError, match="quá lớn"):
        parse_number("1" + "0" * 20)


def test_an_undeclared_file_mixing_styles_refuses_the_ambiguous_cells():
    col = NumberColumn()
    col.read("1735.6", "dòng 2")
    assert col.read("241.317", "dòng 3") == Decimal("241317")
    conflicts = col.conflicts()
    assert [where for where, _ in conflicts] == ["dòng 3"]
    assert "không rõ nghĩa" in conflicts[0][1] and "dòng 2" in conflicts[0][1]


def test_an_undeclared_vietnamese_file_has_no_conflict():
    col = NumberColumn()
    col.read("1.735,6", "dòng 2")
    col.read("241.317", "dòng 3")
    assert col.conflicts() == []


def test_numbers_are_shown_the_vietnamese_way():
    assert format_number(Decimal("1735.6")) == "1.735,6"
    assert format_number(353350) == "353.350"
    assert format_quantity(Decimal("963.450000"), "ha") == "963,45 ha"
    assert format_quantity(Decimal("1735.6"), "tấn") == "1.735,6 tấn"
    assert format_percent(Decimal("83.726")) == "84%"
    assert format_percent(Decimal("80.839")) == "81%"
    assert format_number(Decimal("0.3333333"), 2) == "0,33"


def test_plain_format_for_files():
    assert format_plain(Decimal("1735.600000")) == "1735.6"
    assert format_plain(Decimal("353350.000000")) == "353350"
    assert format_plain(Decimal("0E-6")) == "0"


@pytest.mark.parametrize("text", ["١٢٣", "１２３", "１.７３５,６", "12٣", "۱۲۳", "12²", "٣.٥"])
def test_digits_other_than_ascii_are_refused_in_vietnamese(text):
    for style in (VI, PLAIN, None):
        with pytest.raises(NumberError, match="chữ số 0-9"):
            parse_number(text, style)


def test_a_number_column_refuses_foreign_digits_too():
    with pytest.raises(NumberError, match="chữ số 0-9"):
        NumberColumn().read("２３５.０００", "dòng 2")


def test_a_cell_issue_is_refused_with_its_own_explanation():
    from bacthang.lib.numbers import CellIssue

    issue = CellIssue("Ô E5 chứa lỗi #DIV/0! của Excel.")
    with pytest.raises(NumberError) as e:
        parse_number(issue)
    assert str(e.value) == "Ô E5 chứa lỗi #DIV/0! của Excel."
