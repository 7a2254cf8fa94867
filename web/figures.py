"""What the pages show, computed once per request: the units of a territory in either
structure, programme cards, yearly series and the links between pages.

Every figure comes from the engine (``engine.rollup.Engine``, ``engine.progress.Progress``);
nothing here adds values up.  One ``Engine`` is used per request, so the values of an
indicator are loaded once per province whatever the number of units shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Max, Q
from django.urls import reverse

from bacthang.lib.numbers import format_quantity
from datavalues.models import DataValue
from engine.progress import AT_RISK, NO_DATA, STATUS_LABELS, Progress, ProgressRow
from engine.results import Result
from engine.rollup import Engine
from indicators.models import Group, Indicator, Option
from indicators.visibility import for_unit_q
from periods.codes import TERM, YEAR, PeriodCodeError
from periods.models import Period
from programmes.models import Programme, Target
from units.models import REFORM_DATE, STRUCTURE_AFTER, STRUCTURE_BEFORE, Level, Unit, structure_day

# ---------------------------------------------------------------------- structures
BEFORE, AFTER = STRUCTURE_BEFORE, STRUCTURE_AFTER
STRUCTURES = {
    BEFORE: "Trước 01/07/2025 (tỉnh → huyện → xã)",
    AFTER: "Từ 01/07/2025 (tỉnh → xã)",
}
NO_TARGET = "no_target"
STATUS_ORDER = ["achieved", "on_track", AT_RISK, "off_track", NO_DATA]
FIRST_YEAR = 2019  # the year before the 2021-2025 term's baseline, the earliest the seeds go back to


def default_structure(period: Period) -> str:
    return BEFORE if period.end < REFORM_DATE else AFTER


def pick_structure(value: str | None, period: Period) -> str:
    return value if value in STRUCTURES else default_structure(period)


def subtree_q(units, prefix: str = "") -> Q:
    q = Q(pk__in=[])
    for u in units:
        q |= Q(**{prefix + "code": u.code}) | Q(**{prefix + "code__startswith": u.code + "."})
    return q


def units_in_structure(unit: Unit, structure: str, communes: bool = False) -> list[Unit]:
    """The units one level down from ``unit`` (or all its communes) in the structure of
    ``structure``: for a unit of the other structure, the units that share its
    territory across the 2025 reform (an old district → the new communes that inherited
    its communes; a new commune → the old communes merged into it)."""
    day = structure_day(structure)
    if unit.is_valid_on(day):
        qs = Unit.objects.subtree(unit, include_self=False).valid_on(day)
        qs = qs.filter(level=Level.COMMUNE) if communes else qs.filter(parent=unit)
        return list(qs.order_by("code"))
    inside = Unit.objects.subtree(unit).filter(level=Level.COMMUNE)
    if structure == AFTER:  # an old unit, seen in the new structure
        qs = Unit.objects.filter(predecessions__predecessor__in=inside)
    else:  # a new unit, seen in the old structure
        qs = Unit.objects.filter(successions__successor__in=inside)
    return list(qs.valid_on(day).filter(level=Level.COMMUNE).distinct().order_by("code"))


# ---------------------------------------------------------------------- periods
def year_choices(extra: list[int] | None = None) -> list[int]:
    this_year = dt.date.today().year
    years = set(range(FIRST_YEAR, this_year + 1)) | set(extra or [])
    return sorted(years, reverse=True)


def period_or_none(code: str | None) -> Period | None:
    if not code:
        return None
    try:
        return Period.objects.for_code(code)
    except PeriodCodeError:
        return None


def latest_year_with_data(unit: Unit, indicator_ids=None) -> int | None:
    """The latest year (not after this year) with a stored value in the unit's territory
    (multi-year terms left aside: their year is the year they start)."""
    qs = DataValue.objects.filter(subtree_q([unit], "unit__"), period__year__lte=dt.date.today().year) \
        .exclude(period__period_type=TERM)
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=list(indicator_ids))
    return qs.aggregate(y=Max("period__year"))["y"]


def periods_with_data(unit: Unit, indicator_ids, period_type: str, limit: int = 24) -> list[Period]:
    """The latest periods of one type with a stored value in the unit's territory (one query)."""
    ids = (DataValue.objects.filter(subtree_q([unit], "unit__"), indicator_id__in=list(indicator_ids),
                                    period__period_type=period_type, period__start__lte=dt.date.today())
           .values_list("period_id", flat=True).distinct())
    return list(Period.objects.filter(pk__in=ids).order_by("-start")[:limit])


# ---------------------------------------------------------------------- links
def _url(name: str, args, **params) -> str:
    query = urlencode({k.replace("_", "-"): v for k, v in params.items() if v not in (None, "")})
    return reverse(name, args=args) + ("?" + query if query else "")


def indicator_url(indicator: str, unit: str, period: str | None = None, option: str | None = None,
                  structure: str | None = None, programme: str | None = None, from_unit: str | None = None) -> str:
    return _url("web:indicator", [indicator, unit], ky=period, phan_to=option, co_cau=structure, ct=programme,
                tu=from_unit)


def dashboard_url(unit: str, year: int | None = None, programme: str | None = None, group: str | None = None) -> str:
    return _url("web:dashboard", [unit], nam=year, ct=programme, nhom=group)


def commune_table_url(unit: str, **params) -> str:
    return _url("web:commune_table", [unit], **params)


def commune_table_xlsx_url(unit: str, **params) -> str:
    return _url("web:commune_table_xlsx", [unit], **params)


def label_of(indicator: Indicator, option: Option | None) -> str:
    return f"{indicator.name} — {option.name}" if option else indicator.name


# ---------------------------------------------------------------------- series
@dataclass
class Point:
    label: str
    value: Decimal | None
    text: str
    target: Decimal | None = None


def yearly_series(engine: Engine, indicator: Indicator, option: Option | None, unit: Unit, years: list[int],
                  targets: dict[int, Decimal] | None = None) -> list[Point]:
    out = []
    for y in years:
        r = engine.value(indicator, unit, str(y), option)
        out.append(Point(str(y), r.value, format_quantity(r.value, indicator.measure) if r.value is not None else "—",
                         (targets or {}).get(y)))
    return out


def chart_data(points: list[Point], measure: str, title: str) -> dict:
    """The JSON a canvas[data-chart] carries: labels, values and their Vietnamese texts."""
    return {
        "title": title,
        "measure": measure,
        "labels": [p.label for p in points],
        "values": [None if p.value is None else float(p.value) for p in points],
        "texts": [p.text for p in points],
        "targets": [None if p.target is None else float(p.target) for p in points],
        "targetTexts": ["" if p.target is None else format_quantity(p.target, measure) for p in points],
    }


# ---------------------------------------------------------------------- dashboard
def programmes_for(unit: Unit) -> list[Programme]:
    """Programmes that concern the unit: with targets in its territory first (most
    targets at the highest level first), then those issued for it or its ancestors."""
    subtree = subtree_q([unit], "unit__")
    counts: dict[int, int] = defaultdict(int)
    for pid, code in Target.objects.filter(subtree).values_list("programme_id", "unit__code"):
        counts[pid] += 1 if code != unit.code else 1000
    ancestors = [c for c in unit.code.split(".")]
    codes = [".".join(ancestors[: i + 1]) for i in range(len(ancestors))]
    qs = Programme.objects.filter(Q(pk__in=list(counts)) | Q(unit__code__in=codes) | subtree_q([unit], "unit__"))
    progs = list(qs.select_related("term", "unit").distinct())
    return sorted(progs, key=lambda p: (-counts.get(p.pk, 0), p.code))


@dataclass
class Card:
    indicator: Indicator
    option: Option | None
    unit: Unit
    year: int
    target: Target | None
    row: ProgressRow | None
    value: Decimal | None
    last_year: Decimal | None
    change: Decimal | None
    trend: list[Point] = field(default_factory=list)
    url: str = ""

    @property
    def title(self) -> str:
        return label_of(self.indicator, self.option)

    @property
    def measure(self) -> str:
        return self.indicator.measure

    @property
    def status(self) -> str:
        if self.row is None:
            return NO_TARGET
        return self.row.status

    @property
    def status_label(self) -> str:
        if self.row is None:
            if self.target is None:
                return "Chưa có mục tiêu"
            return f"Không có mục tiêu cho năm {self.year}"
        return self.row.status_label

    @property
    def percent(self) -> Decimal | None:
        return self.row.percent if self.row else None

    @property
    def bar_width(self) -> int:
        p = self.percent
        return 0 if p is None else max(0, min(100, int(p)))

    @property
    def forecast(self) -> Decimal | None:
        return self.row.forecast if self.row else None

    @property
    def chart(self) -> dict:
        return chart_data(self.trend, self.measure, self.title)


@dataclass
class Dashboard:
    unit: Unit
    year: int
    programme: Programme | None
    programmes: list[Programme]
    group: str
    groups: list[tuple[str, str]]
    cards: list[Card]
    years: list[int]
    shown_unit: Unit | None  # the level whose targets are shown when the unit has none of its own

    @property
    def summary(self) -> list[dict]:
        counts: dict[str, int] = defaultdict(int)
        for c in self.cards:
            if c.row is not None:
                counts[c.status] += 1
        return [{"status": s, "label": STATUS_LABELS[s], "count": counts[s]} for s in STATUS_ORDER if counts[s]]

    @property
    def with_target(self) -> int:
        return sum(1 for c in self.cards if c.row is not None)


def _choose_target(targets: list[Target], asked: Period) -> tuple[Target, bool]:
    """The target whose period contains the asked year (the shortest such), else the nearest."""
    containing = [t for t in targets if t.period.start <= asked.start and asked.end <= t.period.end]
    if containing:
        return min(containing, key=lambda t: (t.period.end - t.period.start, t.programme_id)), True
    return min(targets, key=lambda t: (abs(t.period.start.year - asked.year), t.period.start)), False


def cards_for_targets(engine: Engine, targets: list[Target], year: int, programme: str | None = None) -> list[Card]:
    """One card per figure (indicator, option, unit) of ``targets``, for the year."""
    progress = Progress(engine)
    for p in Period.objects.for_codes([str(y) for y in range(year - 5, year + 1)]).values():
        engine.period(p)  # one query for the years of every card
    asked = engine.period(str(year))
    by_figure: dict[tuple, list[Target]] = defaultdict(list)
    for t in targets:
        by_figure[(t.indicator_id, t.option_id, t.unit_id)].append(t)
    trend_years = list(range(year - 4, year + 1))
    cards = []
    for ts in by_figure.values():
        target, contains = _choose_target(ts, asked)
        ind, opt, u = target.indicator, target.option, target.unit
        row = progress.row(target, asked) if contains else None
        if row is not None:
            value, last_year, change = row.actual, row.last_year, row.change
        else:
            value = engine.value(ind, u, asked, opt).value
            last_year = engine.value(ind, u, str(year - 1), opt).value
            change = value - last_year if value is not None and last_year is not None else None
        year_targets = {t.period.year: t.value for t in ts if t.period.period_type == YEAR}
        trend = yearly_series(engine, ind, opt, u, trend_years, year_targets)
        url = indicator_url(ind.code, u.code, str(year), opt.code if opt else None,
                            programme=programme or target.programme.code)
        cards.append(Card(ind, opt, u, year, target, row, value, last_year, change, trend, url))
    cards.sort(key=lambda c: (c.indicator.sort_order, c.indicator.code, c.option.sort_order if c.option else -1,
                              c.unit.code))
    return cards


def build_dashboard(unit: Unit, year: int | None, programme_code: str | None, group: str | None,
                    engine: Engine | None = None) -> Dashboard:
    """Cards of one programme's targets for a unit and year.

    Raises ``LookupError`` for a programme that does not concern the unit."""
    engine = engine or Engine()
    programmes = programmes_for(unit)
    if programme_code:
        programme = next((p for p in programmes if p.code == programme_code), None)
        if programme is None:
            raise LookupError(programme_code)
    else:
        programme = programmes[0] if programmes else None

    targets: list[Target] = []
    if programme is not None:
        targets = list(Target.objects.filter(programme=programme).filter(subtree_q([unit], "unit__"))
                       .filter(for_unit_q(unit, "indicator__"))  # national and the province's indicators
                       .select_related("indicator", "indicator__disaggregation", "option", "unit", "period",
                                       "programme", "programme__term"))
    own = [t for t in targets if t.unit_id == unit.pk]
    shown_unit = None
    if not own and targets:
        top = min(t.unit.code.count(".") for t in targets)
        own = [t for t in targets if t.unit.code.count(".") == top]
        units = {t.unit_id for t in own}
        shown_unit = own[0].unit if len(units) == 1 else None

    groups_present = {t.indicator.group for t in own}
    groups = [(g.value, g.label) for g in Group if g.value in groups_present]
    if group and group in groups_present:
        own = [t for t in own if t.indicator.group == group]
    else:
        group = ""

    if year is None:
        found = latest_year_with_data(unit, {t.indicator_id for t in own}) if own else None
        ends = [t.period.end.year for t in own]
        year = found or (min(max(ends), dt.date.today().year) if ends else dt.date.today().year)

    cards = cards_for_targets(engine, own, year, programme.code if programme else None)
    extra = [year] + [t.period.year for t in own if t.period.period_type != TERM]
    return Dashboard(unit, year, programme, programmes, group, groups, cards, year_choices(extra), shown_unit)


# ---------------------------------------------------------------------- indicator page
@dataclass
class UnitRow:
    unit: Unit
    result: Result
    target: Target | None
    url: str

    @property
    def value(self) -> Decimal | None:
        return self.result.value

    @property
    def percent(self) -> Decimal | None:
        if self.value is None or self.target is None or not self.target.value:
            return None
        return self.value / self.target.value * 100

    @property
    def bar_width(self) -> int:
        p = self.percent
        return 0 if p is None else max(0, min(100, int(p)))


SORTS = {
    "ten": lambda r: (r.unit.name.casefold(),),
    "gia-tri": lambda r: (r.value is None, r.value or 0),
    "muc-tieu": lambda r: (r.target is None, r.target.value if r.target else 0),
    "ty-le": lambda r: (r.percent is None, r.percent or 0),
}


def sort_rows(rows: list[UnitRow], key: str, descending: bool) -> list[UnitRow]:
    if key not in SORTS:
        return rows
    present = [r for r in rows if SORTS[key](r)[0] is not True]
    absent = [r for r in rows if SORTS[key](r)[0] is True]
    if key == "ten":
        return sorted(rows, key=SORTS[key], reverse=descending)
    present.sort(key=lambda r: SORTS[key](r)[1], reverse=descending)
    return present + absent  # units without a figure stay at the bottom either way


def targets_for(indicator: Indicator, option: Option | None, period: Period, units: list[Unit],
                programme: str | None = None) -> dict[int, Target]:
    """The target of each unit for exactly this figure (one query); the chosen programme's first."""
    qs = (Target.objects.filter(indicator=indicator, option=option, period=period, unit__in=units)
          .select_related("programme", "period"))
    found: dict[int, Target] = {}
    for t in sorted(qs, key=lambda t: (t.programme.code != programme, t.programme.code)):
        found.setdefault(t.unit_id, t)
    return found


# ---------------------------------------------------------------------- crossed breakdowns
@dataclass
class MarginCell:
    label: str
    result: Result | None
    url: str
    part: bool = False  # an option that is part of another ("trong đó")


@dataclass
class MarginRow:
    head: MarginCell  # the row's option, with its margin (the row total)
    cells: list[MarginCell]


@dataclass
class MarginTable:
    """An indicator with a crossed breakdown at one unit and period: one category's options
    down, the other's across, each cell the engine's figure for the combination, the row
    and column totals the engine's margins and the corner its grand total."""

    row_category: str
    column_category: str
    columns: list[MarginCell]  # the column options, with their margins (the column totals)
    rows: list[MarginRow]
    total: Result
    lists: list[tuple[str, list[MarginCell]]] = field(default_factory=list)  # 3+ categories: margins per category

    @property
    def is_matrix(self) -> bool:
        return bool(self.rows)


def margin_table(engine: Engine, indicator: Indicator, unit: Unit, period: Period, link) -> MarginTable | None:
    """The margins of a crossed breakdown (None for an indicator without one).  ``link(code)``
    gives the page of one combination or margin.  Two categories make a table; with three
    or more, each category's margins are listed."""
    d = indicator.disaggregation
    if d is None:
        return None
    categories = sorted(d.categories.all(), key=lambda c: c.code)
    if len(categories) < 2:
        return None
    per_category = {c.pk: list(c.options.order_by("sort_order", "code")) for c in categories}

    def margin(category, option) -> MarginCell:
        code = f"{category.code}:{option.code}"
        return MarginCell(option.name, engine.value(indicator, unit, period, code), link(code),
                          option.part_of_id is not None)

    total = engine.value(indicator, unit, period)
    if len(categories) > 2:
        lists = [(c.name, [margin(c, o) for o in per_category[c.pk]]) for c in categories]
        return MarginTable("", "", [], [], total, lists)
    # The category with more options goes down the page (a phone scrolls down, not across).
    down, across = sorted(categories, key=lambda c: -len(per_category[c.pk]))
    combos = {frozenset(o.pk for o in combo.components.all()): combo
              for combo in d.options.prefetch_related("components")}
    columns = [margin(across, o) for o in per_category[across.pk]]
    rows = []
    for r in per_category[down.pk]:
        cells = []
        for c in per_category[across.pk]:
            combo = combos.get(frozenset((r.pk, c.pk)))
            if combo is None:  # a combination not created yet (an option added, not synchronised)
                cells.append(MarginCell("", None, ""))
                continue
            cells.append(MarginCell(combo.name, engine.value(indicator, unit, period, combo), link(combo.code)))
        rows.append(MarginRow(margin(down, r), cells))
    return MarginTable(down.name, across.name, columns, rows, total)
