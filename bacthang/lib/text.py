"""Text folding for search and matching: the one rule for "without case or diacritics".

``strip_marks`` keeps one character per character of NFC input (NFD, combining marks
dropped, đ → d, casefolded), so positions found in the folded text hold in the original;
``fold`` also collapses inner whitespace and trims — the form stored in search columns.
The same on every database (no collation or extension needed)."""

import re
import unicodedata


def strip_marks(value) -> str:
    text = str(value or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalise_text(value) -> str:
    """Collapse inner whitespace and trim: the stored form of names."""
    return re.sub(r"\s+", " ", str(value or "")).strip()


def fold(value) -> str:
    return normalise_text(strip_marks(value))
