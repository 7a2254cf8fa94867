"""How much of a seed document a generated report states: its figures
(``seeds/figures.csv``) and its sections (the numbered headings of the seed's text).

A figure is stated when a number of the report's text equals the seed's value, or
rounds to it at the precision the seed prints (the report may be more precise:
"34,1%" states the seed's "34%").  Counts written "04" state "4".  A section is present
when most words of its title appear in one heading of the report."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings

SEEDS = Path(settings.BASE_DIR) / "seeds"
NUMBER = re.compile(r"(?<![\w,.])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\w,.])\d+(?:,\d+)?(?![\d])")
HEADING = re.compile(r"^\s*((?:[IVX]+|\d+(?:\.\d+)*)\.)\s+(.{3,140})$")
STOP = {"và", "các", "của", "trên", "địa", "bàn", "thực", "hiện", "tình", "hình", "công", "tác", "về", "năm",
        "phát", "triển", "nông", "nghiệp", "sản", "xuất", "đối", "với"}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").lower().replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn")


AFTER = re.compile(r"(?:/\d+)?\s*(%|[^\W\d_]+)")  # "7/8 huyện": the 7 counts huyện too


def numbers_in(text: str) -> list[tuple[Decimal, str]]:
    """Every number of the text with the word after it (its measure): (280.4, "ha")."""
    out = []
    for m in NUMBER.finditer(text):
        raw = m.group(0).replace(".", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            continue
        after = AFTER.match(text, m.end())
        word = re.match(r"%|[^\W\d_]+", _plain(after.group(1))) if after else None
        out.append((value, word.group(0) if word else ""))
    return out


def _states(value: Decimal, measure: str, found: set[tuple[Decimal, str]]) -> bool:
    """The seed's value with its measure: exactly, or more precisely ("34,1%" states "34%")."""
    first = re.match(r"%|[^\W\d_]+", _plain(measure))
    word = first.group(0) if first else ""
    places = max(0, -value.normalize().as_tuple().exponent)
    q = Decimal(1).scaleb(-places)
    for f, after in found:
        if word and after != word:
            continue
        if f == value or (abs(f - value) < 1 and f.quantize(q, rounding=ROUND_HALF_UP) == value):
            return True
    return False


@dataclass
class Coverage:
    seed: str
    figures: list[dict] = field(default_factory=list)
    stated: list[dict] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)

    @property
    def figure_share(self) -> float:
        return len(self.stated) / len(self.figures) if self.figures else 1.0

    @property
    def section_share(self) -> float:
        return len(self.present) / len(self.sections) if self.sections else 1.0

    def missing_figures(self) -> list[dict]:
        ids = {id(f) for f in self.stated}
        return [f for f in self.figures if id(f) not in ids]

    def missing_sections(self) -> list[str]:
        return [s for s in self.sections if s not in self.present]

    def summary(self) -> str:
        return (f"văn bản {self.seed}: {len(self.stated)}/{len(self.figures)} số liệu "
                f"({self.figure_share:.1%}), {len(self.present)}/{len(self.sections)} mục ({self.section_share:.1%})")


def seed_figures(seed: str) -> list[dict]:
    with open(SEEDS / "figures.csv", encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["seed"] == seed]


def seed_sections(seed: str) -> list[str]:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    titles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.replace("\t", " ").strip()
        m = HEADING.match(line)
        if m is None:
            continue
        title = m.group(2).strip().rstrip(":").strip()
        lead = title.split(":", 1)
        if title.endswith((".", ";")) or len(title) > 110 or (len(lead) == 2 and len(lead[1].split()) > 3):
            continue  # a numbered sentence ("1. Trồng trọt: trong tháng, người dân …"), not a heading
        titles.append(title)
    return titles


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", _plain(text)) if len(w) > 1 and w not in {_plain(s) for s in STOP}}


def measure(seed: str, text: str, headings: list[str]) -> Coverage:
    cov = Coverage(seed)
    found = set(numbers_in(text))
    for f in seed_figures(seed):
        cov.figures.append(f)
        try:
            value = Decimal(f["value"])
        except InvalidOperation:
            continue
        if _states(value, f["unit"], found):
            cov.stated.append(f)
    heads = [_words(h) for h in headings]
    leads = [re.findall(r"\w+", _plain(line)) for line in text.splitlines()]
    for title in seed_sections(seed):
        cov.sections.append(title)
        want = _words(title)
        if not want or any(len(want & h) / len(want) >= 0.5 for h in heads):
            cov.present.append(title)
            continue
        # A part the report writes as a numbered paragraph of a text section ("1. Phòng Kinh tế thành phố: …").
        words = re.findall(r"\w+", _plain(title))
        if any(lead[: len(words) + 1][-len(words):] == words or lead[: len(words)] == words for lead in leads):
            cov.present.append(title)
    return cov
