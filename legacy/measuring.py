"""How well extraction does on documents whose true figures are known (``legacy_measure``).

* **Recall**: of the document's true figures (``figures.csv``: value and exact quote), how many
  are among the candidates — a candidate with the same value (or range end) whose paragraph
  holds the quote and whose number is written in it.
* **Suggestion precision**: of the extracted true figures that are stored data in the demo
  (``seed_map.csv`` gives their indicator, option, unit and period), how many candidates
  suggested all four right; the table also gives each part alone.

The document's unit is what the officer chooses on upload; here the unit most of the
document's mapped figures belong to stands for that choice.  The period comes from the text."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .extract import Candidate, catalogue_from_db, document_period, extract
from .reading import clean, read_paragraphs


@dataclass
class Score:
    seed: str
    figures: int = 0
    found: int = 0
    candidates: int = 0
    judged: int = 0
    right: int = 0
    indicator: int = 0
    unit: int = 0
    period: int = 0

    def pct(self, a: int, b: int) -> str:
        return f"{a * 100 / b:.0f}%" if b else "—"


def _norm(text: str) -> str:
    return clean(text).replace("( ", "(").replace(" )", ")")


def load_truth(figures: Path, seed_map: Path) -> dict[str, list[dict]]:
    rows = list(csv.DictReader(figures.open(encoding="utf-8")))
    mapping = {int(r["row"]): r for r in csv.DictReader(
        line for line in seed_map.open(encoding="utf-8") if not line.startswith("#"))}
    out: dict[str, list[dict]] = {}
    for i, r in enumerate(rows, start=1):
        out.setdefault(r["seed"], []).append({**r, "map": mapping.get(i)})
    return out


def measure(seed_dir: Path, figures: Path, seed_map: Path) -> list[Score]:
    truth = load_truth(figures, seed_map)
    scores = []
    for path in sorted(seed_dir.glob("0*.txt")):
        seed = path.name[:3]
        rows = truth.get(seed, [])
        units = Counter(r["map"]["unit"] for r in rows if r["map"] and r["map"]["unit"])
        doc_unit = units.most_common(1)[0][0] if units else None
        paras = read_paragraphs(path.read_bytes(), path.name)
        period, _date = document_period(paras)
        catalogue = catalogue_from_db((doc_unit or "")[:2] or None)
        cands = extract(paras, catalogue, doc_unit, period)
        s = Score(seed, figures=len(rows), candidates=len(cands))
        used: set = set()
        for r in rows:
            c = _match(r, cands, paras, used)
            if c is None:
                continue
            s.found += 1
            m = r["map"]
            if not m or m["store"] != "value":
                continue
            s.judged += 1
            ok_i = c.indicator == m["indicator"] and (c.option or "") == (m["option"] or "")
            ok_u, ok_p = c.unit == m["unit"], c.period == m["period"]
            s.indicator += ok_i
            s.unit += ok_u
            s.period += ok_p
            s.right += ok_i and ok_u and ok_p
        scores.append(s)
    return scores


def _match(row: dict, cands: list[Candidate], paras: list[str], used: set) -> Candidate | None:
    value = Decimal(row["value"])
    quote = _norm(row["quote"])
    for k, c in enumerate(cands):
        for end, number in ((0, c.value), (1, c.value_to)):  # a range ("3-4 sao") holds two figures
            if (k, end) in used or number != value:
                continue
            if quote in _norm(paras[c.paragraph]) and c.raw.split("-")[0].strip() in quote:
                used.add((k, end))
                return c
    return None


def table(scores: list[Score]) -> str:
    total = Score("Tổng", *[sum(getattr(s, f) for s in scores) for f in
                            ("figures", "found", "candidates", "judged", "right", "indicator", "unit", "period")])
    lines = ["| văn bản | số liệu thật | trích được (recall) | ứng viên | có chỉ tiêu để chấm | gợi ý đúng cả 4 "
             "(precision) | đúng chỉ tiêu + nhóm | đúng đơn vị | đúng kỳ |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in [*scores, total]:
        lines.append(f"| {s.seed} | {s.figures} | {s.found} ({s.pct(s.found, s.figures)}) | {s.candidates} | "
                     f"{s.judged} | {s.right} ({s.pct(s.right, s.judged)}) | {s.pct(s.indicator, s.judged)} | "
                     f"{s.pct(s.unit, s.judged)} | {s.pct(s.period, s.judged)} |")
    return "\n".join(lines)
