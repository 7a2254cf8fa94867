"""What every report builder shares: the engine wrapper that records which figures a
report used and which it lacks, the report object, and the header and closing.

A builder never adds, averages or divides a figure: every number comes from
``engine.rollup.Engine`` (or ``engine.progress.Progress`` for targets), and every
wording from ``reports.phrases``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bacthang.lib.gc_pause import gc_paused
from engine import results as R
from engine.progress import Progress
from engine.rollup import Engine
from periods.codes import TERM
from periods.models import Period
from units.models import Unit

from .. import phrases as P
from ..kinds import KIND_TITLES, MASS, PARTY, issuer_kind
from ..texts import report_texts

# Report "missing" and "used" lists are keyed by the figure, so a figure read twice is listed once.
FigureKey = tuple[str, str, str, str]


@dataclass
class Missing:
    indicator: str
    indicator_name: str
    option: str
    option_name: str
    unit: str
    unit_name: str
    period: str
    period_name: str
    section: str = ""
    note: str = ""

    def text(self) -> str:
        opt = f" — {self.option_name}" if self.option_name else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.indicator_name}{opt}: {self.unit_name}, {P.lower_initial(self.period_name)}{note}"


@dataclass
class Used:
    section: str
    indicator: str
    indicator_name: str
    option: str
    option_name: str
    unit: str
    unit_name: str
    period: str
    period_name: str
    value: Decimal | None
    measure: str
    rule: str
    notes: str
    source: str


@dataclass
class Flag:
    """A discrepancy the engine noticed in a figure the report used."""

    indicator: str
    unit_name: str
    period: str
    message: str


# ``Table.decimals`` codes of percentage columns, written as the sentences write them
# (``P.percent``): whole numbers, or with one decimal where the text gives one (98,9%).
PERCENT, PERCENT_1 = -1, -2


@dataclass
class Table:
    """A table behind the report: written into the Word appendix and the Excel annex.

    ``rows`` hold raw values (Decimal, None, text); ``decimals`` says how to write
    the numeric columns in Word (None in a numeric cell is written ``—``; ``PERCENT`` /
    ``PERCENT_1`` a percentage)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    decimals: list[int | None] | None = None
    note: str = "Ghi chú: dấu — là chưa có số liệu."

    def text_rows(self) -> list[list[str]]:
        out = []
        for row in self.rows:
            cells = []
            for i, v in enumerate(row):
                d = self.decimals[i] if self.decimals and i < len(self.decimals) else 2
                if v is None:
                    cells.append("—")
                elif isinstance(v, Decimal | int | float) and not isinstance(v, bool):
                    if d in (PERCENT, PERCENT_1):
                        cells.append(P.percent(v, 1 if d == PERCENT_1 else 0))
                    else:
                        cells.append(P.number(v, 2 if d is None else d))
                else:
                    cells.append(str(v))
            out.append(cells)
        return out


@dataclass
class Block:
    """One paragraph of the body: a heading (level 1–4) or a body paragraph."""

    text: str
    level: int = 0  # 0 body, 1–4 headings

    def as_context(self) -> dict:
        return {"text": self.text, "h1": self.level == 1, "h2": self.level == 2, "h3": self.level == 3,
                "h4": self.level == 4, "p": self.level == 0}


class Figures:
    """The engine, plus the record of what a report read: used figures, missing
    figures and discrepancies (for the annexes)."""

    def __init__(self, engine: Engine | None = None):
        self.engine = engine or Engine()
        self.progress = Progress(self.engine)
        self.section = ""
        self.used: dict[FigureKey, Used] = {}
        self.missing: dict[FigureKey, Missing] = {}
        self.flags: dict[tuple, Flag] = {}
        self._children: dict[int, list[Unit]] = {}

    # ------------------------------------------------------------ catalogue
    def indicator(self, code: str):
        try:
            return self.engine.indicator(code)
        except KeyError:
            # Engine.indicator loads the catalogue only while its cache is empty; once Progress
            # has put a target's indicator in it, other codes must be added one by one.
            from indicators.models import Indicator

            found = Indicator.objects.select_related("disaggregation").filter(code=code).first()
            return self.engine.indicator(found) if found is not None else None

    def option_name(self, indicator, code: str | None) -> str:
        if not code:
            return ""
        for o in self.engine.options(indicator):
            if o.code == code:
                return o.name
        return code

    def has_option(self, indicator, code: str | None) -> bool:
        return code is None or any(o.code == code for o in self.engine.options(indicator))

    def options(self, indicator, top_level: bool = True) -> list:
        return [o for o in self.engine.options(indicator) if not top_level or o.part_of_id is None]

    def period(self, code: str | Period) -> Period:
        return self.engine.period(code)

    def unit(self, code: str | Unit) -> Unit:
        return self.engine.unit(code)

    # ------------------------------------------------------------ values
    def value(self, code: str, unit: Unit | str, period: Period | str, option: str | None = None, *,
              record: bool = True, note: str = "") -> R.Result | None:
        """The engine's result, or None when the indicator or option is not in the catalogue.
        Missing values are recorded (``record``) for the annex."""
        ind = self.indicator(code)
        unit = self.unit(unit)
        period = self.period(period)
        if ind is None or not self.has_option(ind, option):
            if record:
                what = "chỉ tiêu" if ind is None else "nhóm"
                self._missing(code, ind.name if ind else code, option, option or "", unit, period,
                              f"{what} chưa có trong danh mục")
            return None
        result = self.engine.value(ind, unit, period, option)
        key = (ind.code, option or "", unit.code, period.code)
        if result.value is None:
            if record:
                self._missing(ind.code, ind.name, option, self.option_name(ind, option), unit, period, note)
            return result
        if key not in self.used:
            self.used[key] = Used(
                self.section, ind.code, ind.name, option or "", self.option_name(ind, option), unit.code, unit.name,
                period.code, period.name, result.value, ind.measure, result.rule_label,
                " ".join([*result.notes, *(d.message for d in result.discrepancies)]),
                "; ".join(sorted({s.source for s in result.stored_inputs() if s.source}))[:500],
            )
        for res, d in result.all_discrepancies():
            fkey = (res.indicator, res.option, res.unit, res.period, d.kind)
            self.flags.setdefault(fkey, Flag(res.indicator, res.unit_name, res.period, d.message))
        return result

    def _missing(self, code, name, option, option_name, unit, period, note) -> None:
        key = (code, option or "", unit.code, period.code)
        if key not in self.missing and key not in self.used:
            self.missing[key] = Missing(code, name, option or "", option_name, unit.code, unit.name, period.code,
                                        period.name, self.section, note)

    def forget_missing(self, keys: list[FigureKey]) -> None:
        """Drop figures recorded as missing that a fallback replaced."""
        for k in keys:
            self.missing.pop(k, None)

    # ------------------------------------------------------------ units
    def children(self, unit: Unit, period: Period, stock: bool) -> list[Unit]:
        """The child units of ``unit`` that existed in the period (on its last day for stocks)."""
        if unit.pk not in self._children:
            self._children[unit.pk] = list(Unit.objects.filter(parent=unit).order_by("code"))
        kids = self._children[unit.pk]
        if stock:
            return [k for k in kids if k.is_valid_on(period.end)]
        return [k for k in kids if k.is_valid_during(period.start, period.end)]


@dataclass
class Report:
    kind: str
    unit: Unit
    period: Period
    programme: Any
    header: dict[str, str]
    summary: str
    intro: list[str]
    blocks: list[Block]
    closing: str
    tables: list[Table]
    figures: Figures
    texts: dict[str, str]
    date: dt.date | None = None  # the date written on the document (set by Builder.build)

    @property
    def missing(self) -> list[Missing]:
        return list(self.figures.missing.values())

    @property
    def used(self) -> list[Used]:
        return list(self.figures.used.values())

    @property
    def flags(self) -> list[Flag]:
        return list(self.figures.flags.values())

    def context(self, final: bool = False) -> dict:
        """Plain data for the Word template (no model objects: templates are sandboxed).

        ``final``: the document to sign (``reports.drafting``): no list of missing figures,
        and a table cell that says a figure is missing is written "—"."""
        h = self.header
        noi_nhan = [line.strip() for line in h.get("noi_nhan", "").splitlines() if line.strip()]
        kind = h.get("the_thuc") or issuer_kind(self.texts)
        if kind == PARTY:
            right, motto = "ĐẢNG CỘNG SẢN VIỆT NAM", ""
        elif kind == MASS and h.get("ten_to_chuc", "").strip():
            right, motto = h["ten_to_chuc"].strip().upper(), ""
        else:
            right, motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
        return {
            "the_thuc": kind,
            "dang": kind == PARTY,
            "quoc_hieu": right,
            "tieu_ngu": motto,
            "dong_so": h.get("so_line") or f"Số: {h.get('so_ky_hieu', '')}",
            "loai_bao_cao": self.kind,
            "don_vi": self.unit.name_on(self.period.end),
            "ma_don_vi": self.unit.code,
            "ky": self.period.name,
            "ma_ky": self.period.code,
            "co_quan_chu_quan": h.get("co_quan_chu_quan", "").upper(),
            "co_quan_ban_hanh": h.get("co_quan_ban_hanh", "").upper(),
            "so_ky_hieu": h.get("so_ky_hieu", ""),
            "dia_danh_ngay": h.get("dia_danh_ngay", ""),
            "loai_van_ban": KIND_TITLES[self.kind],
            "trich_yeu": self.summary,
            "mo_dau": [t for t in self.intro if t],
            "body": [b.as_context() for b in self.blocks],
            "ket_thuc": self.closing,
            "noi_nhan": noi_nhan,
            "quyen_han_ky": h.get("quyen_han_ky", "").upper(),
            "chuc_vu_ky": h.get("chuc_vu_ky", "").upper(),
            "nguoi_ky": h.get("nguoi_ky", ""),
            "tables": [
                {"title": t.title, "headers": t.headers, "rows": _final_rows(t.text_rows()) if final else t.text_rows(),
                 "note": FINAL_TABLE_NOTE if final and t.note == Table.note else t.note}
                for t in self.tables if t.rows
            ],
            "missing": [] if final else [m.text() for m in self.missing],
            "texts": dict(self.texts),
        }

    def plain_text(self, final: bool = False) -> str:
        """The report as plain text, in reading order (preview, tests)."""
        c = self.context(final)
        lines = [c["quoc_hieu"], c["tieu_ngu"], c["co_quan_chu_quan"], c["co_quan_ban_hanh"],
                 "*" if c["dang"] else "", c["dong_so"], c["dia_danh_ngay"],
                 c["loai_van_ban"], c["trich_yeu"], *c["mo_dau"], *(b["text"] for b in c["body"]), c["ket_thuc"],
                 c["quyen_han_ky"], c["chuc_vu_ky"], c["nguoi_ky"]]
        if c["noi_nhan"]:
            lines += ["Nơi nhận:", *(f"- {n}" for n in c["noi_nhan"])]
        for t in c["tables"]:
            lines.append(t["title"])
            lines.append(" | ".join(t["headers"]))
            lines.extend(" | ".join(r) for r in t["rows"])
        if c["missing"]:
            lines.append("Số liệu chưa có:")
            lines.extend(c["missing"])
        return "\n".join(x for x in lines if x)

    def filename(self, ext: str) -> str:
        code = self.unit.code.replace(".", "-")
        prog = ""
        if self.programme is not None:
            prog = "_" + "".join(ch if ch.isalnum() else "-" for ch in self.programme.code)
        return f"bao-cao-{self.kind}_{code}_{self.period.code}{prog}.{ext}"


FINAL_TABLE_NOTE = "Ghi chú: dấu — là chỉ tiêu không có số liệu báo cáo trong kỳ."


def _final_rows(rows: list[list[str]]) -> list[list[str]]:
    from ..drafting import is_gap

    return [["—" if is_gap(c) else c for c in row] for row in rows]


def period_label(period: Period) -> str:
    """``năm 2022``, ``giai đoạn 2021-2022``, ``tháng 12/2023``."""
    return P.lower_initial(period.name)


def term_code(start_year: int, end_year: int) -> str:
    return str(end_year) if start_year >= end_year else f"{start_year}-{end_year}"


def plan_term_end(year: int) -> int:
    """The last year of the five-year socio-economic plan term holding ``year`` (terms run
    2016-2020, 2021-2025, 2026-2030 …)."""
    return 2021 + ((year - 2021) // 5) * 5 + 4


class Builder:
    """Common frame of the three reports: header texts, date line, closing."""

    kind: str = ""

    def __init__(self, unit: Unit, period: Period, programme=None, *, engine: Engine | None = None,
                 texts: dict[str, str] | None = None, date: dt.date | None = None):
        self.figures = Figures(engine)
        self.unit = self.figures.unit(unit.code if isinstance(unit, Unit) else unit)
        self.period = self.figures.period(period.code if isinstance(period, Period) else period)
        self.programme = programme
        self.texts = texts if texts is not None else report_texts(self.kind, self.unit, self.period)
        self.date = date or self._date_from_texts() or dt.date.today()
        self.tables: list[Table] = []

    @property
    def unit_name(self) -> str:
        """The unit's name in force in the report's period (``Unit.name_on``)."""
        return self.unit.name_on(self.period.end)

    def _date_from_texts(self) -> dt.date | None:
        raw = (self.texts.get("ngay") or "").strip()
        if not raw:
            return None
        try:
            return dt.datetime.strptime(raw, "%d/%m/%Y").date()
        except ValueError:
            return None

    @property
    def scope_word(self) -> str:
        """``tỉnh``, ``huyện``, ``thành phố``, ``xã`` — as in "toàn tỉnh có …"."""
        return {"tinh": "tỉnh", "thanh_pho_tw": "thành phố", "huyen": "huyện", "quan": "quận", "thi_xa": "thị xã",
                "thanh_pho": "thành phố", "xa": "xã", "phuong": "phường", "thi_tran": "thị trấn",
                "dac_khu": "đặc khu"}.get(self.unit.unit_type, "địa bàn")

    def header(self) -> dict[str, str]:
        t = self.texts
        kind = issuer_kind(t)
        number = (t.get("so") or "").strip()
        symbol = (t.get("ky_hieu") or "").strip()
        blank = "\u00a0" * 6  # the clerk writes the number when the document is issued
        if kind == PARTY:
            # Hướng dẫn 36-HD/VPTW: "Số 15-BC/TU" — no colon, the number joined to the symbol by a hyphen.
            so = f"{number or blank}-{symbol}"
            so_line = f"Số {so}"
        else:
            so = f"{number or blank}/{symbol}"
            so_line = f"Số: {so}"
        return {
            "the_thuc": kind,
            "so_line": so_line,
            "ten_to_chuc": t.get("ten_to_chuc", ""),
            "co_quan_chu_quan": t.get("co_quan_chu_quan", ""),
            "co_quan_ban_hanh": t.get("co_quan_ban_hanh", ""),
            "so_ky_hieu": so,
            "dia_danh_ngay": P.date_line(t.get("dia_danh") or P.place_name(self.unit_name), self.date),
            "noi_nhan": t.get("noi_nhan", ""),
            "quyen_han_ky": t.get("quyen_han_ky", ""),
            "chuc_vu_ky": t.get("chuc_vu_ky", ""),
            "nguoi_ky": t.get("nguoi_ky", ""),
        }

    def text_blocks(self, key: str, placeholder: bool = False) -> list[Block]:
        lines = [line.strip() for line in (self.texts.get(key) or "").splitlines() if line.strip()]
        if not lines and placeholder:
            return [Block("(Chưa nhập nội dung: cập nhật tại trang Báo cáo › Nội dung văn bản.)")]
        return [Block(line) for line in lines]

    def issuer_in_text(self) -> str:
        """The issuing body as written inside a sentence."""
        body = (self.texts.get("co_quan_ban_hanh") or "").strip()
        if not body:
            return P.in_unit(self.unit_name)
        name = P.in_unit(self.unit_name)
        if name.lower() in body.lower():
            return body
        if issuer_kind(self.texts) == PARTY:
            return body  # "Thành ủy Lai Châu" names its territory already
        return f"{body} {name}"

    def build(self) -> Report:
        """The report with every figure computed (thousands of engine results: the
        garbage collector is paused meanwhile, see ``bacthang.lib.gc_pause``)."""
        with gc_paused():
            report = self.compose()
        report.date = self.date  # the date written on the document (issuing keeps it)
        return report

    def compose(self) -> Report:  # pragma: no cover - abstract
        raise NotImplementedError


def is_term(period: Period) -> bool:
    return period.period_type == TERM
