"""Period codes, their calendar dates and their reporting windows.

Codes (DHIS2-compatible where DHIS2 has the period type):

=========  ==============  =====================================================
type       code            meaning
=========  ==============  =====================================================
year       ``2023``        calendar year
half       ``2023S1``      January–June (``S2``: July–December)
quarter    ``2023Q4``      October–December
month      ``202312``      December 2023
season     ``2024DX``      vụ Đông xuân 2023-2024: 01/11/2023 – 31/05/2024
           ``2024HT``      vụ Hè thu 2024: 01/04 – 31/08
           ``2024VM``      vụ Mùa 2024: 01/06 – 30/11
           ``2024TD``      vụ Thu đông 2024: 01/08 – 31/12
           ``2023VD``      vụ Đông 2023 (2023-2024): 01/09/2023 – 28/02/2024
term       ``2021-2025``   a multi-year term (nhiệm kỳ, giai đoạn)
=========  ==============  =====================================================

A season belongs to the crop year in its code: Đông xuân is named by the year it is
harvested (``2024DX`` is "Đông xuân 2023-2024"), vụ Đông by the year it is sown.
The season dates are the usual northern-mountain calendar; they only matter for
deciding which year a season rolls up into (its code year) and for display.

Reporting windows follow Decree 09/2019/NĐ-CP art. 12: a monthly report covers the
15th of the previous month to the 14th of the month; a quarter 15th of the month
before the quarter to the 14th of its last month; the first half 15/12 – 14/6, the
second 15/6 – 14/12; the year 15/12 of the previous year to 14/12.  Seasons and
terms have no statutory window: their window is their calendar span.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

YEAR, HALF, QUARTER, MONTH, SEASON, TERM = "year", "half", "quarter", "month", "season", "term"

SEASONS = {
    # code: (name, start (year offset, month, day), end (year offset, month, day))
    "DX": ("Đông xuân", (-1, 11, 1), (0, 5, 31)),
    "HT": ("Hè thu", (0, 4, 1), (0, 8, 31)),
    "VM": ("Mùa", (0, 6, 1), (0, 11, 30)),
    "TD": ("Thu đông", (0, 8, 1), (0, 12, 31)),
    "VD": ("Đông", (0, 9, 1), (1, 2, 28)),
}

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_PATTERNS = [
    (TERM, re.compile(r"^(\d{4})-(\d{4})$")),
    (MONTH, re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")),
    (QUARTER, re.compile(r"^(\d{4})Q([1-4])$")),
    (HALF, re.compile(r"^(\d{4})S([12])$")),
    (SEASON, re.compile(r"^(\d{4})(DX|HT|VM|TD|VD)$")),
    (YEAR, re.compile(r"^(\d{4})$")),
]


class PeriodCodeError(ValueError):
    """A period code that is not one of the documented forms (message in Vietnamese)."""


@dataclass(frozen=True)
class PeriodSpec:
    code: str
    period_type: str
    year: int
    start: dt.date
    end: dt.date
    window_start: dt.date
    window_end: dt.date
    name: str


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _window(year: int, first_month: int, last_month: int) -> tuple[dt.date, dt.date]:
    """15th of the month before ``first_month`` to the 14th of ``last_month``."""
    if first_month == 1:
        start = dt.date(year - 1, 12, 15)
    else:
        start = dt.date(year, first_month - 1, 15)
    return start, dt.date(year, last_month, 14)


def parse_period(code: str) -> PeriodSpec:
    code = (code or "").strip().upper()
    for ptype, pattern in _PATTERNS:
        m = pattern.match(code)
        if not m:
            continue
        year = int(m.group(1))
        if not 1900 <= year <= 2200:
            break
        if ptype == YEAR:
            ws, we = _window(year, 1, 12)
            return PeriodSpec(code, YEAR, year, dt.date(year, 1, 1), dt.date(year, 12, 31), ws, we, f"Năm {year}")
        if ptype == MONTH:
            month = int(m.group(2))
            ws, we = _window(year, month, month)
            return PeriodSpec(code, MONTH, year, dt.date(year, month, 1), _last_day(year, month), ws, we,
                              f"Tháng {month:02d}/{year}")
        if ptype == QUARTER:
            q = int(m.group(2))
            first, last = 3 * q - 2, 3 * q
            ws, we = _window(year, first, last)
            return PeriodSpec(code, QUARTER, year, dt.date(year, first, 1), _last_day(year, last), ws, we,
                              f"Quý {ROMAN[q]}/{year}")
        if ptype == HALF:
            h = int(m.group(2))
            first, last = (1, 6) if h == 1 else (7, 12)
            ws, we = _window(year, first, last)
            name = f"6 tháng đầu năm {year}" if h == 1 else f"6 tháng cuối năm {year}"
            return PeriodSpec(code, HALF, year, dt.date(year, first, 1), _last_day(year, last), ws, we, name)
        if ptype == SEASON:
            label, (sy, sm, sd), (ey, em, ed) = SEASONS[m.group(2)]
            start = dt.date(year + sy, sm, sd)
            end = _last_day(year + ey, em) if ed >= 28 else dt.date(year + ey, em, ed)
            if m.group(2) == "DX":
                name = f"Vụ {label} {year - 1}-{year}"
            elif m.group(2) == "VD":
                name = f"Vụ {label} {year}-{year + 1}"
            else:
                name = f"Vụ {label} {year}"
            return PeriodSpec(code, SEASON, year, start, end, start, end, name)
        if ptype == TERM:
            last = int(m.group(2))
            if last <= year or last > 2200:
                raise PeriodCodeError(f"Giai đoạn '{code}' không hợp lệ: năm cuối phải sau năm đầu.")
            return PeriodSpec(code, TERM, year, dt.date(year, 1, 1), dt.date(last, 12, 31),
                              dt.date(year, 1, 1), dt.date(last, 12, 31), f"Giai đoạn {year}-{last}")
    raise PeriodCodeError(
        f"Kỳ '{code}' sai định dạng. Dùng: năm 2023, nửa năm 2023S1, quý 2023Q4, tháng 202312, "
        "vụ 2024DX/2024HT/2024VM/2024TD/2023VD, giai đoạn 2021-2025."
    )


def month_code(year: int, month: int) -> str:
    return f"{year}{month:02d}"


def year_of(code: str) -> int:
    return parse_period(code).year
