"""The declarative pieces reports are written from, and how each becomes text.

A report's body is a list of :class:`Section` s holding items:

* :class:`Fig` — one figure written as a clause: "tổng đàn gia súc chính ước đạt
  353.350 con, tăng … so với cùng kỳ năm trước, trong đó: đàn trâu 92.760 con, …";
  optionally with its parts (options of the indicator), attached figures
  (:class:`Also`), the same period last year or the baseline year, % of the plan
  (targets, through ``engine.progress``) and the list by child unit (which also
  becomes a table of the annex);
* :class:`Capital` — capital allocated vs disbursed with % of plan;
* :class:`Completion` — "7/8 huyện, thành phố đã hoàn thành …";
* :class:`Para` — several items written as one paragraph ("- Lúa đông xuân 2023-2024:
  diện tích làm đất …; diện tích gieo mạ …");
* :class:`Text` — a text section users write (``ReportText``);
* :class:`Others` — "Chỉ tiêu khác": every indicator of the unit's catalogue (national and
  the province's own, ``indicators.visibility``) with a value for the report's unit and
  period that no item before it stated, one sentence each — so an indicator added in the
  admin reaches the reports without a new item.  Put it after the items that state figures.

Adding a section or a figure to a report is adding one of these to its list — no code.

Periods of a figure (``period=``):

* ``report`` — the report's period; ``year`` — its year;
* ``season:DX`` (``HT``, ``VM``, ``TD``, ``VD``) — that season around the report's month
  (Đông xuân 2023-2024 for December 2023);
* ``latest`` — the report's period, else the most recent earlier year, else the most
  recent term from the start of the programme (the value "as it stands"); the period is
  written after the value when it is not the report's;
* ``cumulative`` — from the start of the programme's term (or the year given by
  ``since:YYYY``) to the report's year: 2021-2023.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import TimeAggregation
from periods.codes import SEASON, TERM, PeriodCodeError
from periods.models import Period

from .. import phrases as P
from .base import PERCENT, Block, Figures, Table, period_label, plan_term_end, term_code


@dataclass(frozen=True)
class Also:
    """A figure written right after another one: "… 25 lớp, 775 học viên", "27 con/1.000 kg"."""

    indicator: str
    label: str = ""
    joiner: str = ","
    paren: bool = False
    option: str | None = None
    same_option: bool = True
    required: bool = False
    plan: bool = False


@dataclass(frozen=True)
class Part:
    option: str
    label: str = ""
    measure: str | None = None  # for indicators whose options have their own measure


_MEASURE_IN_NAME = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def split_measure(name: str) -> tuple[str, str | None]:
    """``Làm hầm biogas (m³)`` → (``Làm hầm biogas``, ``m³``)."""
    m = _MEASURE_IN_NAME.match(name)
    return (m.group(1), m.group(2)) if m else (name, None)


@dataclass(frozen=True)
class Fig:
    indicator: str
    label: str
    option: str | None = None
    verb: str = ""
    text: str = ""  # written instead of "label verb value" when present: "Toàn {scope} có {value} …"
    period: str = "report"
    parts: tuple[Part, ...] | str = ()  # explicit parts, or "all" (every option with a value)
    parts_lead: str = "trong đó"
    parts_paren: bool = False
    part_also: tuple[Also, ...] = ()
    where: bool = False  # name the units where each part was reported (outbreaks)
    show_total: bool = True
    also: tuple[Also, ...] = ()
    compare: str = ""  # "" | "last_year" | "baseline"
    plan: bool = False
    by_unit: bool = False
    by_unit_lead: str = "trong đó"
    or_else: Fig | None = None
    decimals: int | None = None
    measure: str | None = None
    skip_zero: bool = False  # a zero says nothing here (no payment recorded yet): the sentence is left out


@dataclass(frozen=True)
class Capital:
    option: str
    label: str
    since: int | None = None  # cumulative from this year; None: the report's year
    projects: bool = False
    households: bool = False


@dataclass(frozen=True)
class Completion:
    indicator: str
    label: str
    done: str
    period: str = "report"
    pending: str = "đang triển khai"  # said of the units that have not completed


@dataclass(frozen=True)
class Para:
    items: tuple
    lead: str = ""
    sep: str = "; "  # ". " writes each item as a sentence
    marker: str = "- "


@dataclass(frozen=True)
class Text:
    key: str
    placeholder: bool = False


@dataclass(frozen=True)
class Notes:
    """The dated notes of the unit (``notes.Note``: facts that are not numbers — events,
    named farms and firms, places) of a kind or topic in the report's period (a review: since
    the start of the programme's term), one paragraph each; placeholder notes never."""

    kind: str = ""
    topic: str = ""
    marker: str = "- "


@dataclass(frozen=True)
class Others:
    """The indicators with a value that nothing else in the report states (see the module docstring)."""


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple = ()
    marker: str = ""  # "*" for an unnumbered sub-heading; "" for automatic numbering
    text_key: str = ""  # a ReportText section written after the items


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LETTERS = "abcdđeghiklmnopqrstuvxy"


class Writer:
    """Turns items into text for one report (unit, period, programme term)."""

    def __init__(self, figures: Figures, unit, period: Period, *, term: Period | None = None,
                 programmes: list | None = None, placeholders: dict | None = None, percent_decimals: int = 0,
                 anchor=None):
        self.f = figures
        self.anchor = anchor  # which targets a sentence may judge against (a review's anchor rule)
        self.percent_decimals = percent_decimals
        self.unit = unit
        self.period = period
        self.term = term
        self.programmes = programmes
        self.ph = placeholders or {}
        self.tables: list[Table] = []
        self.stated: set[str] = set()  # indicator codes a writer states without reading them through ``self.f``
        self._targets = None
        self.capital_table = Table("von", "Biểu: Vốn các chương trình, dự án", [
            "Chương trình, dự án", "Kỳ", "Vốn được phân bổ (triệu đồng)", "Đã giải ngân (triệu đồng)",
            "Tỷ lệ giải ngân (%)"], decimals=[None, None, 0, 0, PERCENT])

    # ------------------------------------------------------------------ periods
    def fill(self, text: str, **extra) -> str:
        return text.format(**{**self.ph, **extra}) if "{" in text else text

    def season(self, suffix: str) -> Period:
        """The season ``suffix`` that contains the end of the report's period, else the last one begun."""
        end = self.period.end
        found = []
        for year in (end.year - 1, end.year, end.year + 1):
            try:
                p = self.f.period(f"{year}{suffix}")
            except PeriodCodeError:
                continue
            found.append(p)
            if p.start <= end <= p.end:
                return p
        begun = [p for p in found if p.start <= end]
        return max(begun, key=lambda p: p.start) if begun else found[0]

    def candidates(self, ref: str, indicator=None) -> list[Period]:
        rep = self.period
        if ref == "report":
            return [rep]
        if ref == "year":
            return [self.f.period(str(rep.year))]
        if ref.startswith("season:"):
            return [self.season(ref.split(":", 1)[1])]
        start = self.term.start.year if self.term is not None else rep.year
        if ref.startswith("since:"):
            start = int(ref.split(":", 1)[1])
            ref = "cumulative"
        end_year = rep.end.year if rep.period_type != TERM else rep.end.year
        # A cumulative period never runs past the programme's term (or the five-year plan
        # term it starts in): "giai đoạn 2021-2025", not "2021-2026".
        last = self.term.end.year if self.term is not None else plan_term_end(start)
        if ref == "cumulative":
            return [self.f.period(term_code(start, min(end_year, last)))]
        if ref == "latest":
            out = [rep] if rep.period_type != TERM else []
            out += [self.f.period(str(y)) for y in range(end_year if rep.period_type == TERM else end_year - 1,
                                                          start - 1, -1)
                    if str(y) != rep.code]
            out += [self.f.period(term_code(start, y)) for y in range(min(end_year, last), start, -1)]
            seen, unique = set(), []
            for p in out:
                if p.code not in seen:
                    seen.add(p.code)
                    unique.append(p)
            return unique
        raise ValueError(f"Kỳ '{ref}' không hợp lệ trong cấu hình báo cáo.")

    def note_period(self, ref: str, period: Period) -> bool:
        if ref == "cumulative" or ref.startswith("since:"):
            return True
        return ref == "latest" and period.code != self.period.code

    # ------------------------------------------------------------------ targets
    def targets(self, indicator: str, option: str | None, unit, period: Period) -> list:
        from programmes.models import Target

        if self._targets is None:
            qs = Target.objects.filter(unit=self.unit).select_related(
                "indicator", "option", "unit", "period", "programme", "programme__term")
            if self.programmes is not None:
                qs = qs.filter(programme__in=self.programmes)
            self._targets = list(qs.order_by("programme__code", "period__start"))
        return [t for t in self._targets
                if t.indicator.code == indicator and (t.option.code if t.option else None) == option
                and t.unit_id == unit.pk and t.period.start <= period.start and period.end <= t.period.end
                and (self.anchor is None or self.anchor(t))]

    def plan_phrase(self, indicator: str, option: str | None, unit, period: Period) -> str | None:
        for t in self.targets(indicator, option, unit, period):
            row = self.f.progress.row(t, period)
            if row.percent is not None:
                what = "kế hoạch" if t.period.code == period.code else f"kế hoạch {period_label(t.period)}"
                if t.period.period_type == TERM:
                    what = f"mục tiêu {period_label(t.period)}"
                return P.of_plan(row.percent, what, self.percent_decimals)
        return None

    # ------------------------------------------------------------------ figures
    def fmt(self, ind, value, fig: Fig | Also | None = None) -> str:
        decimals = getattr(fig, "decimals", None)
        measure = getattr(fig, "measure", None)
        return P.qty(value, ind.measure if measure is None else measure,
                     ind.decimals if decimals is None else decimals)

    def choose(self, fig: Fig) -> Period:
        cands = self.candidates(fig.period)
        if len(cands) == 1:
            return cands[0]
        codes = [fig.option] if fig.show_total else self._part_codes(fig)
        for p in cands:
            for code in codes:
                r = self.f.value(fig.indicator, self.unit, p, code, record=False)
                if r is not None and r.value is not None:
                    return p
        return cands[0]

    def _part_codes(self, fig: Fig) -> list[str]:
        ind = self.f.indicator(fig.indicator)
        if ind is None:
            return []
        if fig.parts == "all":
            return [o.code for o in self.f.options(ind)]
        return [p.option for p in fig.parts]

    def also_text(self, also: Also, option: str | None, unit, period: Period) -> str | None:
        ind = self.f.indicator(also.indicator)
        opt = also.option if also.option is not None else (option if also.same_option else None)
        if ind is None:
            if also.required:
                self.f.value(also.indicator, unit, period, opt)
                return f"{also.label or also.indicator} {P.MISSING}".strip()
            return None
        if opt is not None and not self.f.has_option(ind, opt):
            return None
        r = self.f.value(also.indicator, unit, period, opt, record=also.required)
        if r is None or r.value is None:
            return f"{also.label or P.lower_first(ind.name)} {P.MISSING}" if also.required else None
        if r.value == 0 and not also.required:
            return None  # "4 cơ sở với 41,8 ha", not "… với 0 m³"
        text = f"{also.label} {self.fmt(ind, r.value)}".strip()
        if also.plan:
            plan = self.plan_phrase(also.indicator, opt, unit, period)
            if plan:
                text += f", {plan}"
        if also.paren:
            return f" ({text})"
        joiner = also.joiner
        if joiner in (",", ";"):
            return f"{joiner} {text}"
        if joiner == "/":
            return f"/{text}"
        return f" {joiner} {text}"

    def where_text(self, result) -> str:
        names = []
        for leaf in result.stored_inputs():
            if leaf.unit == self.unit.code:
                continue
            name = P.in_unit(leaf.unit_name)
            parent_code = leaf.unit.rsplit(".", 1)[0]
            if parent_code != self.unit.code and "." in leaf.unit:
                try:
                    name = f"{name}, {P.in_unit(self.f.unit(parent_code).name)}"
                except KeyError:
                    pass
            if name not in names:
                names.append(name)
        return f" (tại {'; '.join(names)})" if names else ""

    def fig_text(self, fig: Fig) -> str:
        ind = self.f.indicator(fig.indicator)
        period = self.choose(fig)
        label = self.fill(fig.label)
        if ind is None:
            self.f.value(fig.indicator, self.unit, period, fig.option)
            return f"{label} {P.MISSING}"
        clauses: list[str] = []
        head = ""
        if fig.show_total:
            r = self.f.value(fig.indicator, self.unit, period, fig.option, record=fig.or_else is None)
            if r is None or r.value is None:
                if fig.or_else is not None:
                    alt = self.fig_text(fig.or_else)
                    if not alt.endswith(P.MISSING):
                        return alt
                    self.f.value(fig.indicator, self.unit, period, fig.option)
                known = self.parts_text(fig, ind, period) if fig.parts else ""
                if known:  # an unknown total does not hide the parts that are known
                    return f"{label} {P.MISSING_IN_FULL}; {known}"
                return f"{label} {P.MISSING}"
            if fig.skip_zero and r.value == 0:
                return ""
            value = self.fmt(ind, r.value, fig)
            if fig.text:
                head = self.fill(fig.text, value=value)
            else:
                head = " ".join(x for x in (label, fig.verb, value) if x)
            for also in fig.also:
                head += self.also_text(also, fig.option, self.unit, period) or ""
            if self.note_period(fig.period, period):
                head += f" ({period_label(period)})"
            if fig.plan:
                plan = self.plan_phrase(fig.indicator, fig.option, self.unit, period)
                if plan:
                    clauses.append(plan)
            if fig.compare:
                cmp = self.compare_text(fig, ind, r.value, period)
                if cmp:
                    clauses.append(cmp)
        parts = self.parts_text(fig, ind, period)
        if not fig.show_total:
            if not parts:
                self.f.value(fig.indicator, self.unit, period, fig.option)
                return f"{label} {P.MISSING}"
            head = f"{label}: {parts}"
            parts = ""
        text = ", ".join([head, *clauses])
        if parts:
            text += f" ({parts})" if fig.parts_paren else f", {parts}"
        if fig.by_unit:
            listing = self.by_unit_text(fig, ind, period)
            if listing:
                text += f"; {fig.by_unit_lead}: {listing}" if fig.by_unit_lead else f"; {listing}"
        return text

    def compare_text(self, fig: Fig, ind, current: Decimal, period: Period) -> str | None:
        if fig.compare == "last_year":
            if period.period_type == TERM:
                return None
            other = period.same_period_last_year()
            against = "so với cùng kỳ năm trước"
        else:
            if self.term is None:
                return None
            other = self.f.period(str(self.term.start.year - 1))
            against = f"so với năm {other.year}"
        r = self.f.value(fig.indicator, self.unit, other, fig.option, note="để so sánh")
        if r is None or r.value is None:
            return None
        measure = ind.measure if fig.measure is None else fig.measure
        return P.change(current, r.value, measure, ind.decimals if fig.decimals is None else fig.decimals,
                        against=against)

    def parts_text(self, fig: Fig, ind, period: Period) -> str:
        if not fig.parts:
            return ""
        if self._contradicted(fig, ind, period):
            return ""  # the whole is printed alone; the contradiction goes to the annex (report.flags)
        lead = fig.parts_lead if fig.show_total else ""
        items: list[tuple[str, str]] = []
        per_option = ind.measure.startswith("theo ")  # "theo nội dung hỗ trợ": each option has its measure
        top: set[str] = set()  # options that add up to the total
        if fig.parts == "all":
            specs = []
            for o in self.f.options(ind):
                name, measure = split_measure(o.name) if per_option else (o.name, None)
                specs.append(Part(o.code, P.lower_first(name), measure))
                if o.part_of_id is None:
                    top.add(o.code)
            explicit = False
        else:
            specs = list(fig.parts)
            explicit = True
        shown = Decimal(0)
        for part in specs:
            label = self.fill(part.label) or P.lower_first(self.f.option_name(ind, part.option))
            r = self.f.value(fig.indicator, self.unit, period, part.option, record=explicit)
            if r is None or r.value is None:
                if explicit:
                    items.append((label, P.MISSING))
                continue
            if r.value == 0 and not explicit:
                continue  # a breakdown of "every option" names those that have something
            text = self.fmt(ind, r.value, fig) if part.measure is None else P.qty(r.value, part.measure,
                                                                                 ind.decimals)
            for also in fig.part_also:
                text += self.also_text(also, part.option, self.unit, period) or ""
            if fig.where:
                text += self.where_text(r)
            items.append((label, text))
            shown += r.value if part.option in top else 0
        if top and ind.options_add_up and not self._breakdown_complete(fig, ind, period, shown):
            return ""  # "194 sản phẩm, trong đó: 3 sao 42, 4 sao 2" would pass a partial split for the whole
        return P.breakdown(items, lead)

    def _contradicted(self, fig: Fig, ind, period: Period) -> bool:
        """Whether the figure's whole is contradicted by its parts (the engine's "options"
        discrepancy: every part given and their sum differs, or the parts exceed the whole).
        A whole is never printed beside parts that do not make it."""
        whole = self.f.value(fig.indicator, self.unit, period, fig.option, record=False)
        return whole is not None and any(d.kind == "options" for d in whole.discrepancies)

    def _breakdown_complete(self, fig: Fig, ind, period: Period, shown: Decimal) -> bool:
        total = self.f.value(fig.indicator, self.unit, period, None, record=False)
        return total is None or total.value is None or total.value.compare(shown) == 0

    def by_unit_text(self, fig: Fig, ind, period: Period) -> str:
        stock = ind.time_aggregation == TimeAggregation.STOCK
        kids = self.f.children(self.unit, period, stock)
        if not kids:
            return ""
        items: list[tuple[str, str | None]] = []
        headers = ["Đơn vị", f"{ind.name} ({ind.measure})"]
        also_inds = [self.f.indicator(a.indicator) for a in fig.also]
        headers += [f"{a.name} ({a.measure})" for a in also_inds if a is not None]
        decimals = [None, ind.decimals] + [a.decimals for a in also_inds if a is not None]
        table = Table(f"theo_don_vi_{fig.indicator}_{fig.option or ''}",
                      f"Biểu: {P.upper_first(self.fill(fig.label))} theo đơn vị ({period_label(period)})",
                      headers, decimals=decimals)
        for kid in kids:
            r = self.f.value(fig.indicator, kid, period, fig.option)
            row = [kid.name, r.value if r is not None else None]
            extras = []
            for also, a_ind in zip(fig.also, also_inds, strict=True):
                if a_ind is None:
                    continue
                opt = also.option if also.option is not None else (fig.option if also.same_option else None)
                ar = self.f.value(also.indicator, kid, period, opt, record=also.required)
                row.append(ar.value if ar is not None else None)
                if ar is not None and ar.value is not None:
                    extras.append(self.fmt(a_ind, ar.value))
            table.rows.append(row)
            if r is None or r.value is None:
                items.append((P.short_unit_name(kid.name), None))
            else:
                items.append((P.short_unit_name(kid.name), ", ".join([self.fmt(ind, r.value, fig), *extras])))
        total = self.f.value(fig.indicator, self.unit, period, fig.option, record=False)
        total_row = [f"Tổng cộng ({self.unit.name_on(period.end)})", total.value if total is not None else None]
        for also, a_ind in zip(fig.also, also_inds, strict=True):
            if a_ind is None:
                continue
            opt = also.option if also.option is not None else (fig.option if also.same_option else None)
            ar = self.f.value(also.indicator, self.unit, period, opt, record=False)
            total_row.append(ar.value if ar is not None else None)
        table.rows.append(total_row)
        self.tables.append(table)
        return P.unit_list(items, noun=self.kinds_noun(kids))

    @staticmethod
    def kinds_noun(units) -> str:
        """``huyện, thành phố`` — the kinds of ``units``, the most frequent first."""
        kinds = Counter(u.get_unit_type_display().lower().replace(" thuộc tỉnh", "") for u in units)
        return ", ".join(k for k, _ in kinds.most_common()) or "đơn vị"

    # ------------------------------------------------------------------ other items
    def capital_text(self, item: Capital) -> str:
        year = self.period.end.year
        # Cumulative periods start in ``since`` (or later) and end with the five-year plan term
        # they lie in (2021-2025, 2026-2030): a 12/2026 report never speaks of "giai đoạn 2021-2026".
        codes = [term_code(s, min(year, plan_term_end(s))) for s in range(item.since, year)] + [str(year)] \
            if item.since else [str(year)]
        cands = [self.f.period(c) for c in codes]
        chosen = None
        for p in cands:
            a = self.f.value("CAPITAL_ALLOCATED", self.unit, p, item.option, record=False)
            d = self.f.value("CAPITAL_DISBURSED", self.unit, p, item.option, record=False)
            if a is not None and a.value is not None and d is not None and d.value is not None:
                chosen = p
                break
            if chosen is None and a is not None and a.value is not None:
                chosen = p
        period = chosen or cands[0]
        label = self.fill(item.label)
        alloc = self.f.value("CAPITAL_ALLOCATED", self.unit, period, item.option)
        disb = self.f.value("CAPITAL_DISBURSED", self.unit, period, item.option)
        pct = self.f.value("CAPITAL_DISBURSED_PCT", self.unit, period, item.option, record=False)
        alloc_v = alloc.value if alloc is not None else None
        disb_v = disb.value if disb is not None else None
        pct_v = pct.value if pct is not None else None
        self.capital_table.rows.append([P.upper_first(label), period.name, alloc_v, disb_v, pct_v])
        money = self.f.indicator("CAPITAL_ALLOCATED")
        m = money.measure if money else "triệu đồng"
        clauses = []
        if period.period_type == TERM:
            lead = f"tổng vốn đã được phân bổ {period_label(period)}"
        else:
            lead = f"kế hoạch vốn {period_label(period)}"
        if alloc_v is None:
            clauses.append(f"{lead} {P.MISSING}")
        else:
            text = f"{lead} là {P.qty(alloc_v, m, 0)}"
            if period.period_type == TERM:
                years = self.year_split("CAPITAL_ALLOCATED", item.option, period, m)
                if years:
                    text += f" ({years})"
            clauses.append(text)
        extra = []
        if item.projects:
            r = self.f.value("PROJECTS", self.unit, period, item.option)
            if r is not None and r.value is not None:
                ind = self.f.indicator("PROJECTS")
                extra.append(self.fmt(ind, r.value))
        if item.households:
            r = self.f.value("PROGRAMME_HOUSEHOLDS", self.unit, period, item.option)
            if r is not None and r.value is not None:
                extra.append(self.fmt(self.f.indicator("PROGRAMME_HOUSEHOLDS"), r.value))
        if extra:
            clauses[-1] += f" để thực hiện {'/'.join(extra)}"
        if disb_v is None:
            clauses.append(f"số vốn đã giải ngân {P.MISSING}")
        else:
            text = f"đã giải ngân {P.qty(disb_v, m, 0)}"
            if period.period_type == TERM:
                years = self.year_split("CAPITAL_DISBURSED", item.option, period, m)
                if years:
                    text += f" ({years})"
            plan = P.of_plan(pct_v)
            if plan:
                text += f", {plan}"
            clauses.append(text)
        return f"{label}: " + ", ".join(clauses)

    def year_split(self, indicator: str, option: str, period: Period, measure: str) -> str:
        parts = []
        for y in range(period.start.year, period.end.year + 1):
            r = self.f.value(indicator, self.unit, str(y), option, record=False)
            if r is not None and r.value is not None:
                parts.append(f"năm {y} là {P.qty(r.value, measure, 0)}")
        return "; ".join(parts)

    def completion_text(self, item: Completion) -> str:
        period = self.candidates(item.period)[0]
        label = self.fill(item.label)
        ind = self.f.indicator(item.indicator)
        r = self.f.value(item.indicator, self.unit, period)
        if ind is None or r is None or r.value is None:
            return f"{label}: {P.MISSING}"
        kids = self.f.children(self.unit, period, stock=True)
        noun = self.kinds_noun(kids) if kids else ind.measure
        text = f"{label}: {P.fraction(r.value, len(kids))} {noun} {item.done}"
        pending = [k for k in kids if (kr := self.f.value(item.indicator, k, period, record=False)) is not None
                   and kr.value == 0]
        if pending:  # the seed: "7/8 huyện, thành phố đã hoàn thành …, hiện còn huyện Nậm Nhùn đang triển khai"
            text += f", hiện còn {', '.join(P.in_unit(k.name) for k in pending)} {item.pending}"
        return text

    def others_blocks(self) -> list[Block]:
        """One sentence per indicator of the unit's catalogue that has a value for the report's
        unit and period and that the report has not read so far (stated, or said to be
        missing).  No value, no sentence; a zero is not listed either (a registry without a
        record in the period answers 0: "0 km of works" says nothing).  Left out as having
        no meaningful total: a formula indicator with a breakdown (a ratio of totals over
        different options, the yield of every crop together) and an indicator whose options
        each have their own measure ("theo nội dung hỗ trợ")."""
        from indicators.models import Indicator, IndicatorKind
        from indicators.visibility import indicators_for_unit

        read = {key[0] for key in self.f.used} | {key[0] for key in self.f.missing} | self.stated
        candidates = [i for i in indicators_for_unit(self.unit, Indicator.objects.filter(is_active=True))
                      .select_related("disaggregation").order_by("sort_order", "code")
                      if i.code not in read and not (i.kind == IndicatorKind.FORMULA and i.disaggregation_id)
                      and not i.measure.startswith("theo ")]
        if not candidates:
            return []
        found = self.f.engine.matrix([self.f.indicator(i) for i in candidates], [self.unit], self.period)
        blocks = []
        for ind in candidates:
            result = found.get((ind.code, None, self.unit.code))
            if result is None or result.value is None or result.value == 0:
                continue
            self.f.value(ind.code, self.unit, self.period, record=False)  # listed among the figures used
            blocks.append(Block(f"- {P.sentence(f'{ind.name}: {quantity(result.value, ind.measure, ind.decimals)}')}"))
        return blocks

    def notes_blocks(self, item: Notes) -> list[Block]:
        from notes.reading import notes_for

        since = self.term.start if self.term is not None else None
        found = notes_for(self.unit, self.period, kind=item.kind, topic=item.topic, since=since)
        return [Block(f"{item.marker}{P.sentence(n.text.strip())}") for n in found if n.text.strip()]

    # ------------------------------------------------------------------ layout
    def item_text(self, item) -> str:
        if isinstance(item, Fig):
            return self.fig_text(item)
        if isinstance(item, Capital):
            return self.capital_text(item)
        if isinstance(item, Completion):
            return self.completion_text(item)
        raise TypeError(f"Mục không hợp lệ: {item!r}")

    def para_blocks(self, para: Para) -> list[Block]:
        clauses = [self.item_text(i) for i in para.items]
        clauses = [c for c in clauses if c]
        if not clauses:
            return []
        if para.sep.strip() == ".":
            body = " ".join(P.sentence(c) for c in clauses)
        else:
            body = para.sep.join(clauses)
        lead = self.fill(para.lead)
        text = P.sentence(f"{lead}: {body}" if lead else body)
        return [Block(f"{para.marker}{text}")]

    def section_blocks(self, sections, texts: dict[str, str], depth: int = 1, prefix: str = "",
                       start: int = 0) -> tuple[list[Block], int]:
        """Blocks of ``sections`` at ``depth``, numbered from ``start``; sections with
        nothing to say are left out and the numbering closes up.  Returns (blocks, next number)."""
        out: list[Block] = []
        n = start
        for s in sections:
            number, sub_prefix = self._number(depth, n, prefix)
            inner: list[Block] = []
            sub_n = 0
            for item in s.items:
                if isinstance(item, Section):
                    blocks, sub_n = self.section_blocks([item], texts, depth + 1, sub_prefix, sub_n)
                    inner += blocks
                elif isinstance(item, Para):
                    inner += self.para_blocks(item)
                elif isinstance(item, Text):
                    inner += self._text(texts, item.key, item.placeholder)
                elif isinstance(item, Others):
                    inner += self.others_blocks()
                elif isinstance(item, Notes):
                    inner += self.notes_blocks(item)
                elif hasattr(item, "blocks"):  # an item that writes itself from engine figures (ruraldev.report)
                    inner += item.blocks(self)
                else:
                    inner += self.para_blocks(Para((item,)))
            if s.text_key:
                inner += self._text(texts, s.text_key, False)
            if not inner:
                continue
            if s.marker:
                out.append(Block(f"{s.marker} {self.fill(s.title)}", 4))
            else:
                out.append(Block(f"{number} {self.fill(s.title)}", min(depth, 4)))
                n += 1
            out += inner
        return out, n

    @staticmethod
    def _number(depth: int, n: int, prefix: str) -> tuple[str, str]:
        """(heading number, prefix for sub-sections) for the n-th section (0-based) at ``depth``."""
        if depth == 1:
            return f"{ROMAN[n]}.", ""
        if depth == 2:
            return f"{n + 1}.", f"{n + 1}."
        if depth == 3:
            return f"{prefix}{n + 1}.", f"{prefix}{n + 1}."
        return f"{LETTERS[n]})", prefix

    @staticmethod
    def _text(texts: dict[str, str], key: str, placeholder: bool) -> list[Block]:
        lines = [line.strip() for line in (texts.get(key) or "").splitlines() if line.strip()]
        if not lines and placeholder:
            return [Block("(Chưa nhập nội dung: cập nhật tại trang Báo cáo › Nội dung văn bản.)")]
        return [Block(line) for line in lines]


def quantity(value, measure: str, decimals: int) -> str:
    """``1.234,5 ha``, ``84%``: the one Vietnamese formatter, rounded half up as officials do."""
    from bacthang.lib.numbers import format_percent, format_quantity

    if P.is_count(measure, decimals):
        return P.qty(value, measure, decimals)  # "02 sản phẩm": the one rule for counts
    value = P.rounded(value, decimals)
    return format_percent(value, decimals) if measure == "%" else format_quantity(value, measure, decimals)


def season_name(period: Period) -> str:
    """``đông xuân 2023-2024`` from ``Vụ Đông xuân 2023-2024``."""
    name = period.name.removeprefix("Vụ ").strip()
    return P.lower_first(name) if period.period_type == SEASON else name


CAPITAL_INDICATORS = ("CAPITAL_ALLOCATED", "CAPITAL_DISBURSED", "CAPITAL_DISBURSED_PCT", "PROJECTS",
                      "PROGRAMME_HOUSEHOLDS")


def indicator_refs(sections) -> list[tuple[str, str, str | None]]:
    """Every (section title, indicator code, option code) a list of sections reads, in order —
    to check the catalogue has them and to document what each report section reads."""
    out: list[tuple[str, str, str | None]] = []

    def figs(title: str, item) -> None:
        if isinstance(item, Section):
            for sub in item.items:
                figs(item.title, sub)
        elif isinstance(item, Para):
            for sub in item.items:
                figs(title, sub)
        elif isinstance(item, Fig):
            out.append((title, item.indicator, item.option))
            if isinstance(item.parts, tuple):
                out.extend((title, item.indicator, p.option) for p in item.parts)
            for also in (*item.also, *item.part_also):
                out.append((title, also.indicator, also.option))
            if item.or_else is not None:
                figs(title, item.or_else)
        elif isinstance(item, Capital):
            out.extend((title, code, item.option) for code in CAPITAL_INDICATORS)
        elif isinstance(item, Completion):
            out.append((title, item.indicator, None))

    for s in sections:
        figs(s.title, s)
    return out
