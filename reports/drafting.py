"""From a generated draft to the document an official signs.

* Every body paragraph of a built report has a **key** that stays the same when its
  figures change: the heading it sits under and the words before its first figure
  ("Chăn nuôi, thú y, thủy sản|- Tổng đàn gia súc chính ước đạt").  A drafter's edit
  (:class:`reports.models.ReportEdit`) is bound to that key.
* A **gap** is a paragraph that says a figure is not known ("chưa có số liệu", "chưa có đủ
  số liệu") or that a text section is not written yet.  The preview highlights gaps; the
  drafter supplies the figure (through the one write path, the paragraph is then
  computed again), writes the sentence by hand, or drops it.
* :func:`apply_edits` applies the edits to a built report: replaced and dropped
  paragraphs, headings left with nothing under them removed and the numbering closed up.
* A report with a gap cannot be issued (:func:`gaps`); the issued document
  (:class:`reports.models.IssuedReport`) keeps the figures it used, so a later change of
  a value is shown beside it (:func:`changed_figures`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from . import phrases as P
from .builders.base import Block, Report
from .builders.items import LETTERS, ROMAN

GAP = re.compile(r"chưa có (?:đủ )?số liệu|\(Chưa nhập nội dung", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?:[IVXL]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s+")
_FIRST_FIGURE = re.compile(r"\d|chưa có (?:đủ )?số liệu", re.IGNORECASE)


def is_gap(text: str) -> bool:
    return bool(GAP.search(text or ""))


def heading_title(text: str) -> str:
    """``2.1. Trồng trọt`` → ``Trồng trọt``."""
    return _NUMBERED.sub("", text.strip(), count=1)


def lead_of(text: str) -> str:
    """The words of a paragraph before its first figure (or gap): stable when values change."""
    m = _FIRST_FIGURE.search(text)
    lead = text[: m.start()] if m else text
    return " ".join(lead.split())[:80]


def block_keys(blocks: list[Block]) -> list[str]:
    """One key per block; headings have keys too (never edited, used for the context)."""
    keys, seen = [], {}
    heading = ""
    for b in blocks:
        if b.level:
            heading = heading_title(b.text)
            raw = f"h{b.level}|{heading}"
        else:
            raw = f"{heading}|{lead_of(b.text)}"
        n = seen.get(raw, 0)
        seen[raw] = n + 1
        digest = hashlib.sha1(f"{raw}#{n}".encode()).hexdigest()[:12]
        keys.append(digest)
    return keys


@dataclass
class DraftBlock:
    key: str
    text: str  # the text as it will be written (after the drafter's edit)
    generated: str  # the text the system wrote
    level: int
    gap: bool
    edit: object | None = None  # the ReportEdit applied, if any

    @property
    def stale(self) -> bool:
        """The drafter edited a sentence whose generated text has changed since."""
        return self.edit is not None and (self.edit.original or "") != self.generated


def draft_blocks(report: Report, edits: dict[str, object]) -> list[DraftBlock]:
    out = []
    for key, b in zip(block_keys(report.blocks), report.blocks, strict=True):
        e = edits.get(key) if not b.level else None
        text = b.text
        if e is not None:
            text = "" if e.action == "drop" else e.text
        out.append(DraftBlock(key, text, b.text, b.level, not b.level and is_gap(text), e))
    return out


def apply_edits(report: Report, edits: dict[str, object]) -> Report:
    """The report with the drafter's edits: replaced and dropped paragraphs; a heading with
    nothing left under it is removed and the numbering closes up."""
    kept = [Block(d.text, d.level) for d in draft_blocks(report, edits) if d.level or d.text.strip()]
    report.blocks = renumber(_drop_empty_headings(kept))
    return report


def _drop_empty_headings(blocks: list[Block]) -> list[Block]:
    out = []
    for i, b in enumerate(blocks):
        if b.level:
            has_body = False
            for nxt in blocks[i + 1:]:
                if nxt.level and nxt.level <= b.level:
                    break
                if not nxt.level:
                    has_body = True
                    break
            if not has_body:
                continue
        out.append(b)
    return out


def renumber(blocks: list[Block]) -> list[Block]:
    """Number headings again after some were removed: I., II. (level 1); 1., 2. (level 2);
    1.1., 1.2. (level 3); a), b) (level 4). Unnumbered headings ("* …") are kept as they are."""
    counters = [0, 0, 0, 0, 0]
    out = []
    for b in blocks:
        if not b.level or not _NUMBERED.match(b.text):
            out.append(b)
            continue
        lvl = b.level
        counters[lvl] += 1
        for deeper in range(lvl + 1, 5):
            counters[deeper] = 0
        n = counters[lvl]
        if lvl == 1:
            number = f"{ROMAN[n - 1]}."
        elif lvl == 2:
            number = f"{n}."
        elif lvl == 3:
            number = f"{counters[2]}.{n}."
        else:
            number = f"{LETTERS[n - 1]})"
        out.append(Block(f"{number} {heading_title(b.text)}", lvl))
    return out


def gaps(report: Report) -> list[str]:
    """The paragraphs of a report that still say a figure or a text is missing."""
    lines = [*report.intro, *(b.text for b in report.blocks), report.closing]
    return [t for t in lines if is_gap(t)]


# ----------------------------------------------------------------------------- snapshot

def figure_snapshot(report: Report) -> list[dict]:
    """The figures a report used, as stored with the issued document."""
    return [{"indicator": u.indicator, "indicator_name": u.indicator_name, "option": u.option,
             "option_name": u.option_name, "unit": u.unit, "unit_name": u.unit_name, "period": u.period,
             "period_name": u.period_name, "value": None if u.value is None else str(u.value),
             "measure": u.measure} for u in report.used]


@dataclass
class Change:
    figure: dict
    then: Decimal | None
    now: Decimal | None

    def text(self) -> str:
        f = self.figure
        name = f["indicator_name"] + (f" — {f['option_name']}" if f["option_name"] else "")

        def q(v):
            return P.qty(v, f["measure"], 2)

        return (f"{name}: {f['unit_name']}, {P.lower_initial(f['period_name'])}: lúc ban hành {q(self.then)}, "
                f"nay {q(self.now)}")


def changed_figures(figures: list[dict], engine=None) -> list[Change]:
    """The figures of an issued document whose value is no longer the one it printed,
    read again through the engine."""
    from engine.rollup import Engine

    engine = engine or Engine()
    out = []
    for f in figures:
        then = None if f["value"] is None else Decimal(f["value"])
        try:
            now = engine.value(f["indicator"], f["unit"], f["period"], f["option"] or None).value
        except KeyError:
            now = None
        if (then is None) != (now is None) or (then is not None and then.compare(now) != 0):
            out.append(Change(f, then, now))
    return out
