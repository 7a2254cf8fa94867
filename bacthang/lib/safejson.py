"""The one reader of untrusted JSON: API bodies, DHIS2 files, backups.

``json.loads`` recurses once per nested array or object; a few kilobytes of ``[[[[…``
exhaust Python's stack and raise ``RecursionError`` — a server error, or a traceback
from a command.  :func:`loads` first measures the nesting in one linear pass (strings
and their escapes skipped, so a ``[`` inside a string does not count) and refuses a
document nested deeper than ``max_depth`` before ``json.loads`` sees it.  Numbers
with a fraction are read as exact decimals by default (``1735.6`` stays ``1735.6``).

Every refusal is a :class:`JSONError` (a ``ValueError``) with a Vietnamese message
that names the line and column; Python's English texts ("Extra data: line 1 column
14", "Expecting value") never reach a user.  NaN and Infinity, which are not JSON,
are refused unless ``allow_constants`` is set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal

DEFAULT_MAX_DEPTH = 64

# A string from its opening quote to its closing quote, or to the end of the text when it
# never closes (possessive: linear time whatever the text).
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")

# Python's messages (json.decoder) → Vietnamese.
_MESSAGES = [
    ("Expecting value", "thiếu giá trị"),
    ("Extra data", "có dữ liệu thừa sau phần JSON"),
    ("Expecting property name enclosed in double quotes", "tên trường phải đặt trong dấu ngoặc kép"),
    ("Expecting ':' delimiter", "thiếu dấu ':' sau tên trường"),
    ("Expecting ',' delimiter", "thiếu dấu ',' giữa các phần tử hoặc dấu đóng ']', '}'"),
    ("Unterminated string starting at", "chuỗi chưa có dấu ngoặc kép đóng"),
    ("Invalid control character at", "chuỗi chứa ký tự điều khiển (xuống dòng, tab …) chưa viết dạng \\n, \\t"),
    ("Invalid \\escape", "chuỗi có ký tự thoát '\\' không hợp lệ"),
    ("Invalid \\uXXXX escape", "chuỗi có mã \\uXXXX không hợp lệ"),
    ("Illegal trailing comma", "dấu ',' thừa trước dấu đóng"),
    ("Unexpected UTF-8 BOM", "có ký tự BOM ở đầu nội dung"),
]


class JSONError(ValueError):
    """A document that is not acceptable JSON; ``str()`` is a Vietnamese sentence."""


def loads(data: str | bytes | bytearray, *, max_depth: int = DEFAULT_MAX_DEPTH,
          parse_float: Callable[[str], object] = Decimal, allow_constants: bool = False):
    """``json.loads`` that refuses nesting deeper than ``max_depth`` and answers in Vietnamese."""
    text = _text(data)
    check_depth(text, max_depth)
    try:
        return json.loads(text, parse_float=parse_float,
                          parse_constant=None if allow_constants else _refuse_constant)
    except JSONError:
        raise
    except json.JSONDecodeError as e:
        raise JSONError(f"JSON không hợp lệ ở dòng {e.lineno}, cột {e.colno}: {_vietnamese(e.msg)}.") from None
    except RecursionError:
        raise JSONError(f"JSON lồng quá sâu (tối đa {max_depth} cấp).") from None
    except ValueError:  # e.g. an integer longer than Python converts (4 300 digits)
        raise JSONError("JSON có một số quá dài.") from None


def check_depth(text: str, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Raise :class:`JSONError` if arrays and objects are nested deeper than ``max_depth``."""
    if nesting_depth(text) > max_depth:
        raise JSONError(f"JSON lồng quá sâu: tối đa {max_depth} cấp mảng, đối tượng lồng nhau.")


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, brackets inside strings not counted.

    Strings are cut out first, then everything but brackets; what is left is walked once.
    An unbalanced text is measured up to where it goes wrong, which is where
    ``json.loads`` stops too.
    """
    depth = deepest = 0
    for c in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if c in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif depth:
            depth -= 1
        else:
            break
    return deepest


def _text(data) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, (bytes, bytearray)):
        raw = bytes(data)
        try:
            return raw.decode(json.detect_encoding(raw), "surrogatepass")
        except UnicodeDecodeError:
            raise JSONError("Nội dung không phải văn bản UTF-8 hợp lệ.") from None
    raise TypeError(f"JSON text expected, got {type(data).__name__}")


def _vietnamese(message: str) -> str:
    for english, vietnamese in _MESSAGES:
        if message.startswith(english):
            return vietnamese
    return "sai cú pháp"


def _refuse_constant(name: str):
    raise JSONError(f"JSON không hợp lệ: {name} không phải một số (JSON không có NaN, Infinity).")
