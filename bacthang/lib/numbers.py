"""Vietnamese numbers: the one parser and the one formatter of the product.

Vietnamese writes ``1.735,6`` — ``.`` groups thousands, ``,`` is the decimal mark.
Files also carry plain machine decimals such as ``1735.6``.  A text such as
``241.317`` is both a valid Vietnamese integer (241317) and a plain decimal
(241.317); the rule, used by every importer:

* style ``vi`` (the default): ``.`` groups thousands and ``,`` is the decimal mark;
  a text that cannot be Vietnamese but is a plain decimal (``1735.6``, ``0.5``) is
  read as the plain decimal, since it can mean nothing else;
* style ``plain``: ``.`` is the decimal mark and no grouping is allowed;
* a file whose style was not declared is read as ``vi``, but if it also holds texts
  that only a plain reader accepts (``1735.6``), its ambiguous texts (``241.317``)
  are refused rather than guessed — see :class:`NumberColumn`;
* spreadsheet cells that hold numbers are numbers; only text cells are parsed;
* digits are 0-9 only: Arabic-Indic (``١٢٣``), full-width (``１２３``) and other
  scripts' digits, which Python's ``\\d`` and ``Decimal()`` accept, are refused.

Formatting always follows Vietnamese convention through Babel: ``1.735,6 tấn``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

VI, PLAIN = "vi", "plain"
STYLES = (VI, PLAIN)

# ASCII digits only: ``\d`` and ``Decimal()`` also take Arabic-Indic (``١٢٣``), full-width
# (``１２３``) and other scripts' digits, which no Vietnamese file means as a number.
_VI_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?\Z")
_VI_SIMPLE = re.compile(r"^[+-]?[0-9]+(,[0-9]+)?\Z")
_PLAIN = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?\Z")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")

# Largest magnitude a data value may have (the database column holds 20 digits, 6 decimals).
MAX_ABS = Decimal("1e14")

# The messages of a typed text that is refused; ``{text}`` is the text.  The entry page's script
# shows the same ones (exported by ``collection.layout.FormData.page_data``).
NOT_A_NUMBER = "'{text}' không phải số. Viết kiểu Việt Nam (1.735,6) hoặc kiểu thường (1735.6)."
TOO_LARGE = "'{text}' quá lớn (tối đa 100.000 tỷ)."


class NumberError(ValueError):
    """Text that is not a number in the accepted forms (message in Vietnamese)."""


class CellIssue(str):
    """A spreadsheet cell that holds no usable value, for a reason the user must be told:
    a formula with no cached value, an Excel error such as ``#DIV/0!``, a number that is
    not finite.  The importer (``bacthang.lib.importing``) puts one in the cell's place.
    Its text is the Vietnamese explanation, so any reader that shows the cell shows why,
    and :func:`parse_number` refuses it with that explanation."""

    __slots__ = ()


def _foreign_digits(text: str) -> bool:
    """Does ``text`` hold a digit other than 0-9 (Arabic-Indic, full-width, superscript …)?"""
    return not text.isascii() and any(ch.isdigit() and not "0" <= ch <= "9" for ch in text)


def readings(text: str) -> dict[str, Decimal]:
    """Every style under which ``text`` is a number, with the value it would have."""
    t = _SPACES.sub("", text)
    found = {}
    if _VI_GROUPED.match(t) or _VI_SIMPLE.match(t):
        found[VI] = Decimal(t.replace(".", "").replace(",", "."))
    if _PLAIN.match(t):
        found[PLAIN] = Decimal(t)
    return found


def is_ambiguous(text: str) -> bool:
    r = readings(text)
    return len(r) == 2 and r[VI] != r[PLAIN]


def is_plain_only(text: str) -> bool:
    r = readings(text)
    return PLAIN in r and VI not in r


def parse_number(value, style: str | None = None) -> Decimal:
    """A Decimal from a cell: numbers pass through, texts are read by ``style`` (default vi)."""
    if isinstance(value, CellIssue):
        raise NumberError(str(value))
    if isinstance(value, bool):
        raise NumberError("Ô chứa giá trị đúng/sai, không phải số.")
    if isinstance(value, int):
        return _bounded(Decimal(value), str(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError("Ô chứa giá trị không phải số hữu hạn.")
        return _bounded(Decimal(repr(value)), repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError("Ô chứa giá trị không phải số hữu hạn.")
        return _bounded(value, str(value))
    text = str(value).strip()
    if not text:
        raise NumberError("Ô trống: cần một số.")
    if _foreign_digits(text):
        raise NumberError(
            f"'{_short(text)}' có chữ số không phải chữ số 0-9 thông thường (chữ số Ả Rập, chữ số toàn độ rộng …); "
            "hãy gõ lại số bằng các chữ số 0-9."
        )
    r = readings(text)
    style = style or VI
    if style == PLAIN:
        if PLAIN in r:
            return _bounded(r[PLAIN], text)
        raise NumberError(
            f"'{_short(text)}' không phải số viết kiểu thường (dấu chấm thập phân, không phân cách hàng nghìn), "
            "ví dụ 1735.6."
        )
    if VI in r:
        return _bounded(r[VI], text)
    if PLAIN in r:
        return _bounded(r[PLAIN], text)
    raise NumberError(NOT_A_NUMBER.format(text=_short(text)))


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _bounded(value: Decimal, text: str) -> Decimal:
    try:
        if abs(value) >= MAX_ABS:
            raise NumberError(TOO_LARGE.format(text=_short(text)))
        # Normalise -0 and exponent forms without losing digits.
        return value + Decimal(0)
    except InvalidOperation as e:
        raise NumberError(f"'{_short(text)}' không phải số.") from e


@dataclass
class NumberColumn:
    """Reads one column of a file whose number style may be undeclared.

    ``read`` parses each cell as it comes; ``conflicts`` lists, after the last cell,
    the cells whose reading depends on a style the file contradicts: in an undeclared
    file that holds both ``1735.6`` and ``241.317``, the second is refused.
    """

    style: str | None = None
    _plain_evidence: tuple | None = None
    _ambiguous: list = field(default_factory=list)

    def read(self, value, where) -> Decimal:
        number = parse_number(value, self.style)
        if self.style is None and isinstance(value, str):
            if is_plain_only(value) and self._plain_evidence is None:
                self._plain_evidence = (where, value.strip())
            elif is_ambiguous(value):
                self._ambiguous.append((where, value.strip()))
        return number

    def conflicts(self) -> list[tuple[object, str]]:
        if self._plain_evidence is None:
            return []
        ev_where, ev_text = self._plain_evidence
        return [
            (where, f"'{text}' không rõ nghĩa: tệp có số viết kiểu thường ('{ev_text}' ở {ev_where}) nên dấu chấm "
                    f"có thể là dấu thập phân. Khai báo kiểu số (--number-style vi hoặc plain) hoặc viết lại số này.")
            for where, text in self._ambiguous
        ]


def format_number(value, decimals: int = 3) -> str:
    """``1735.6`` -> ``'1.735,6'``; at most ``decimals`` decimals, no trailing zeros."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(Decimal(value), format=pattern, locale="vi")


def format_quantity(value, measure: str = "", decimals: int = 3) -> str:
    """``(1735.6, 'tấn')`` -> ``'1.735,6 tấn'``."""
    text = format_number(value, decimals)
    return f"{text} {measure}".strip() if measure else text


def format_percent(value, decimals: int = 0) -> str:
    """``83.726`` -> ``'84%'`` (value already in percent)."""
    return f"{format_number(value, decimals)}%"


def format_plain(value) -> str:
    """Machine form for files: ``Decimal('1735.600000')`` -> ``'1735.6'``."""
    d = Decimal(value).normalize()
    text = format(d, "f")
    return "0" if text in ("-0", "") else text
