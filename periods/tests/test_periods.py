import datetime as dt

import pytest

from periods.codes import PeriodCodeError, parse_period
from periods.models import Period

D = dt.date


@pytest.mark.parametrize(
    "code,ptype,start,end,window,name",
    [
        ("2023", "year", D(2023, 1, 1), D(2023, 12, 31), (D(2022, 12, 15), D(2023, 12, 14)), "Năm 2023"),
        ("2023S1", "half", D(2023, 1, 1), D(2023, 6, 30), (D(2022, 12, 15), D(2023, 6, 14)), "6 tháng đầu năm 2023"),
        ("2023S2", "half", D(2023, 7, 1), D(2023, 12, 31), (D(2023, 6, 15), D(2023, 12, 14)), "6 tháng cuối năm 2023"),
        ("2023Q4", "quarter", D(2023, 10, 1), D(2023, 12, 31), (D(2023, 9, 15), D(2023, 12, 14)), "Quý IV/2023"),
        ("2023Q1", "quarter", D(2023, 1, 1), D(2023, 3, 31), (D(2022, 12, 15), D(2023, 3, 14)), "Quý I/2023"),
        ("202312", "month", D(2023, 12, 1), D(2023, 12, 31), (D(2023, 11, 15), D(2023, 12, 14)), "Tháng 12/2023"),
        ("202401", "month", D(2024, 1, 1), D(2024, 1, 31), (D(2023, 12, 15), D(2024, 1, 14)), "Tháng 01/2024"),
        ("202402", "month", D(2024, 2, 1), D(2024, 2, 29), (D(2024, 1, 15), D(2024, 2, 14)), "Tháng 02/2024"),
        ("2024DX", "season", D(2023, 11, 1), D(2024, 5, 31), (D(2023, 11, 1), D(2024, 5, 31)),
         "Vụ Đông xuân 2023-2024"),
        ("2023TD", "season", D(2023, 8, 1), D(2023, 12, 31), (D(2023, 8, 1), D(2023, 12, 31)), "Vụ Thu đông 2023"),
        ("2023VD", "season", D(2023, 9, 1), D(2024, 2, 29), (D(2023, 9, 1), D(2024, 2, 29)), "Vụ Đông 2023-2024"),
        ("2021-2025", "term", D(2021, 1, 1), D(2025, 12, 31), (D(2021, 1, 1), D(2025, 12, 31)),
         "Giai đoạn 2021-2025"),
    ],
)
def test_period_codes_know_their_dates_and_reporting_window(code, ptype, start, end, window, name):
    spec = parse_period(code)
    assert (spec.period_type, spec.start, spec.end) == (ptype, start, end)
    assert (spec.window_start, spec.window_end) == window
    assert spec.name == name


@pytest.mark.parametrize("code", ["2023-13", "202313", "2023Q5", "2023S3", "23", "2025-2021", "2023XX", "", "12/2023"])
def test_bad_period_codes_are_refused_in_vietnamese(code):
    with pytest.raises(PeriodCodeError, match="Kỳ|Giai đoạn"):
        parse_period(code)


def test_lowercase_codes_are_normalised():
    assert parse_period("2023q4").code == "2023Q4"
    assert parse_period("2024dx").code == "2024DX"


@pytest.mark.django_db
def test_periods_are_created_once_and_know_the_same_period_last_year():
    p = Period.objects.for_code("202312")
    assert Period.objects.for_code("202312").pk == p.pk
    assert p.same_period_last_year().code == "202212"
    assert Period.objects.for_code("2024DX").same_period_last_year().code == "2023DX"
    with pytest.raises(PeriodCodeError):
        Period.objects.for_code("2021-2025").same_period_last_year()
