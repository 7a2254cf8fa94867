"""The phrases official reports are made of — one place for each wording rule.

Every number in a generated report passes through this module, which formats it
with the one Vietnamese formatter (``bacthang.lib.numbers``) after rounding it the way
officials write it (half up: 12,5 → 13, never banker's rounding):

* quantities: ``qty(1735.6, "tấn")`` → ``1.735,6 tấn``; ``qty(None, …)`` → ``chưa có số liệu``
  (a missing figure is never written as 0);
* percentages: whole numbers (``83,73`` → ``84%``), except where rounding would
  change the meaning: a value below 100 that would round to 100 keeps one decimal
  (``99,6%``: not yet achieved), a value above 0 that would round to 0 keeps one
  decimal (``0,4%``), and so does a value just above 100 that would round down to 100;
  a share below 10% keeps one decimal (``0,67`` → ``0,7%``, ``5,24`` → ``5,2%``);
* ``change(610, 555, "ha")`` → ``tăng 55 ha (9,9%) so với cùng kỳ năm trước``;
* ``of_plan(83.7)`` → ``đạt 84% kế hoạch``;
* ``breakdown([("đàn trâu", "92.760 con"), …])`` → ``trong đó: đàn trâu 92.760 con, …``;
* ``unit_list([("Tam Đường", "25 HTX"), ("Sìn Hồ", None)])`` → ``Tam Đường 25 HTX; Sìn Hồ chưa có số liệu``;
* dates as Decree 30/2020/NĐ-CP writes them: ``ngày 05 tháng 02 năm 2024``,
  ``ngày 10 tháng 7 năm 2023`` (days 1–9 and months 1–2 padded with a zero).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from bacthang.lib.numbers import format_number

MISSING = "chưa có số liệu"
MISSING_IN_FULL = "chưa có đủ số liệu"  # a total unknown while some of its parts are known
HUNDRED = Decimal(100)


def rounded(value, decimals: int) -> Decimal:
    """``value`` rounded half up to ``decimals`` places (officials' rounding)."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value, decimals: int = 2) -> str:
    """``1735.6`` → ``1.735,6``; at most ``decimals`` decimals, no trailing zeros."""
    if value is None:
        return MISSING
    return format_number(rounded(value, decimals), decimals)


_NOT_COUNTED = ("đồng", "/", "ha", "tấn", "km", "m²", "m³", "kg", "phút", "%", "lít", "nghìn")


def is_count(measure: str, decimals: int) -> bool:
    """Whether a measure counts things ("vụ", "sản phẩm", "cơ sở", "HTX"), not an amount."""
    return decimals == 0 and bool(measure) and not any(w in measure for w in _NOT_COUNTED)


def qty(value, measure: str = "", decimals: int = 2) -> str:
    """A quantity with its measure: ``1.735,6 tấn``, ``84%``; missing → ``chưa có số liệu``.
    A count below ten is written with two digits, as the seeds write counts: ``09 vụ``,
    ``02 sản phẩm``, ``04 cơ sở`` (one rule for every report)."""
    if value is None:
        return MISSING
    if measure == "%":
        return percent(value, decimals=max(0, min(decimals, 1)))
    if is_count(measure, decimals):
        r = rounded(value, 0)
        if 0 < r < 10:
            return f"{int(r):02d} {measure}"
    text = number(value, decimals)
    return f"{text} {measure}" if measure else text


def percent_value(value, decimals: int = 0) -> Decimal:
    """The percentage as officials write it (see the module docstring): rounded half up,
    with more decimals only where rounding would turn "almost" into "all" or "none"."""
    value = Decimal(value)
    if decimals == 0 and 0 < abs(value) < 10:
        decimals = 1  # a small share keeps a decimal: 0,67% is "0,7%", never "1%"
    r = rounded(value, decimals)
    for d in range(decimals, max(decimals, 2) + 1):
        r = rounded(value, d)
        if not ((r == HUNDRED and value != HUNDRED) or (r == 0 and value != 0)):
            break
    return r


def percent(value, decimals: int = 0) -> str:
    """``83.726`` → ``84%``; ``99.6`` → ``99,6%``; missing → ``chưa có số liệu``."""
    if value is None:
        return MISSING
    r = percent_value(value, decimals)
    places = max(0, -r.as_tuple().exponent)
    return f"{format_number(r, places)}%"


def change(current, previous, measure: str = "", decimals: int = 2, *,
           against: str = "so với cùng kỳ năm trước", with_percent: bool = True) -> str | None:
    """``tăng 55 ha (9,9%) so với cùng kỳ năm trước``; ``None`` when either side is missing."""
    if current is None or previous is None:
        return None
    current, previous = Decimal(current), Decimal(previous)
    diff = rounded(current - previous, decimals)
    if diff == 0:
        return f"bằng {against.removeprefix('so với ').strip()}"
    word = "tăng" if diff > 0 else "giảm"
    amount = number(abs(diff), decimals)  # a difference is not a count: "giảm 5 con", never "05"
    text = f"{word} {amount} {measure}".rstrip() if measure != "%" else f"{word} {qty(abs(diff), measure, decimals)}"
    if with_percent and previous != 0:
        pct = abs((current - previous) / previous * HUNDRED)
        text += f" ({format_number(rounded(pct, 1), 1)}%)"
    return f"{text} {against}"


def of_plan(pct, what: str = "kế hoạch", decimals: int = 0) -> str | None:
    """``đạt 84% kế hoạch``; ``None`` when the percentage is unknown."""
    if pct is None:
        return None
    return f"đạt {percent(pct, decimals)} {what}"


def breakdown(parts: Sequence[tuple[str, str]], lead: str = "trong đó") -> str:
    """``trong đó: đàn trâu 92.760 con, đàn bò 25.590 con``; empty when there are no parts."""
    if not parts:
        return ""
    sep = "; " if any("," in text for _, text in parts) else ", "
    items = sep.join(f"{label} {text}".strip() for label, text in parts)
    return f"{lead}: {items}" if lead else items


def unit_list(items: Sequence[tuple[str, str | None]], *, max_named: int = 8, noun: str = "đơn vị") -> str:
    """Units with their figure, the units without one grouped at the end:
    ``Tân Uyên 10 trang trại, Tam Đường 1 trang trại; Sìn Hồ, Mường Tè chưa có số liệu``;
    more than ``max_named`` units without a figure are counted, not named (the annex names them)."""
    have = [(name, text) for name, text in items if text is not None]
    missing = [name for name, text in items if text is None]
    sep = "; " if any("," in text for _, text in have) else ", "
    out = sep.join(f"{name} {text}" for name, text in have)
    if missing:
        if len(missing) > max_named:
            rest = "còn lại " if have else ""
            tail = f"{len(missing)} {noun} {rest}{MISSING}"
        else:
            tail = f"{', '.join(missing)} {MISSING}"
        out = f"{out}; {tail}" if out else tail
    return out


def fraction(done, total) -> str:
    """``7/8``."""
    return f"{number(done, 0)}/{number(total, 0)}"


_TARGET_WORDS = {">=": "trên", "<=": "không quá", "=": ""}


def target(operator: str, quantity_text: str) -> str:
    """``trên 1.600 tấn`` (at least), ``không quá 5 vụ`` (at most), ``329,2 ha`` (exactly)."""
    word = _TARGET_WORDS.get(operator, "")
    return f"{word} {quantity_text}".strip()


def lower_first(text: str) -> str:
    """``Trâu`` → ``trâu``; an acronym (``RA``, ``OCOP``, ``VietGAP``) keeps its case."""
    if not text:
        return text
    words = text.split(" ")
    first = words[0]
    if len(first) > 1 and (first[1:].lower() != first[1:]):
        return text  # an acronym or a brand: VietGAP, OCOP, ISO
    if len(words) > 1 and words[1][:1].isupper():
        return text  # a proper name: Rainforest Alliance, Lai Châu
    return text[0].lower() + text[1:]


def lower_initial(text: str) -> str:
    """Only the first letter in lower case: ``Quý IV/2023`` → ``quý IV/2023``."""
    return text[:1].lower() + text[1:] if text else text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence(*clauses: str | None, sep: str = ", ") -> str:
    """Join the non-empty clauses, capitalise the first letter, end with a full stop."""
    body = sep.join(c.strip() for c in clauses if c and c.strip())
    if not body:
        return ""
    body = upper_first(body)
    return body if body.endswith((".", "./.", "!", "?", ":")) else body + "."


def join_clauses(clauses: Iterable[str | None], sep: str = "; ") -> str:
    return sep.join(c for c in clauses if c)


# ----------------------------------------------------------------------------- units

_UNIT_PREFIXES = ("Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def short_unit_name(name: str) -> str:
    """How a report lists a unit: ``Huyện Tam Đường`` → ``Tam Đường``; a city keeps its
    kind in lower case (``thành phố Lai Châu``) so it is not read as the province."""
    if name.startswith("Thành phố "):
        return "thành phố " + name.removeprefix("Thành phố ")
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def place_name(name: str) -> str:
    """The place written before the date (Decree 30): the unit's name without its kind."""
    if name.startswith("Thành phố "):
        return name  # a provincial city writes its full name to differ from the province
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def in_unit(name: str) -> str:
    """``Tỉnh Lai Châu`` → ``tỉnh Lai Châu`` (a unit named inside a sentence: its kind in lower case)."""
    return lower_initial(name)


# ----------------------------------------------------------------------------- dates

def day_text(day: int) -> str:
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Decree 30: months 1 and 2 are written 01 and 02 (so 1 cannot become 11 or 12)."""
    return f"{month:02d}" if month < 3 else str(month)


def date_words(date: dt.date) -> str:
    """``ngày 10 tháng 7 năm 2023``; ``ngày 05 tháng 02 năm 2024``."""
    return f"ngày {day_text(date.day)} tháng {month_text(date.month)} năm {date.year}"


def date_line(place: str, date: dt.date | None) -> str:
    """``Lai Châu, ngày 10 tháng 7 năm 2023``; without a date, blanks to fill by hand."""
    if date is None:
        return f"{place}, ngày      tháng      năm"
    return f"{place}, {date_words(date)}"


def month_year(year: int, month: int) -> str:
    """``tháng 12 năm 2023``, ``tháng 01 năm 2024`` (months 1 and 2 padded, as in dates)."""
    return f"tháng {month_text(month)} năm {year}"


def short_date(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""
