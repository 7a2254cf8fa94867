"""The roll-up engine: the one place that turns stored values into the figure for any
(indicator, option or total, unit, period).

Rules, in order (each step only if the previous gave nothing):

1. **Own value** of the unit — a value stored for exactly this figure; else the
   unit's own values of smaller periods rolled up over time (flows: summed, using
   the granularity — halves, quarters or months — that covers most of the period,
   seasons if nothing else; stocks: the latest value); else, for a total, the sum
   of its options (options that are *part of* another are not added again); else,
   for an option whose parts add up to it (``Option.parts_add_up``), the sum of its
   parts when every part has a value.  A stored whole that its parts contradict
   (every part given and their sum differs, or the parts exceed it) is a discrepancy.
   A *margin* of a crossed breakdown ("all gà" of species × farming type) is the sum
   of the combinations that hold that option (``indicators.crossing``).
2. **Children**: the aggregate of the child units valid in the period (for stocks,
   valid on its last day, so a 2025 stock is not counted in both structures) by the
   indicator's rule: sum or average ("none" does not roll up).
3. **Across the 2025 reform**: a new commune asked for a period before 01/07/2025
   gets the values of the old communes merged into it; an old unit asked for a
   period from 01/07/2025 gets the values of the new communes that inherited its
   communes.  Where an old commune was split among several new ones, or a new one
   took communes from several old units, the share counted is proportional to the
   number of communes (equal shares) and the result says it is approximated.
4. **Terms** (2021-2025): flows are the sum of the years, stocks the latest year.
5. **Structure asked for**: a unit of both structures (a province that kept its code)
   asked in the structure that is not the period's own — a 2013 figure of province 80
   seen in the structure from 01/07/2025 — aggregates its children in that structure
   (its new communes, each through rule 3), so a total always equals the rows beside
   it.  Without a structure (``Engine(structure=None)``) the period's own is used.
   Units are named as they were named in the structure's or the period's time
   (``Unit.name_on``).

A unit with its own value and children that say otherwise, a total that differs
from the sum of its options, and a period value that differs from its months are
reported as discrepancies; the own value is used.  Formula indicators are computed
after roll-up from the rolled-up inputs (never averaged); registry indicators come
from their provider where the unit keeps records (``engine.providers``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from bacthang.lib.gc_pause import gc_paused
from bacthang.lib.numbers import format_number
from datavalues.models import DataValue
from indicators.crossing import margin_members
from indicators.formula import parse_formula
from indicators.models import Aggregation, Indicator, IndicatorKind, Option, TimeAggregation
from periods.codes import HALF, MONTH, QUARTER, SEASON, TERM, YEAR
from periods.models import Period
from units.models import REFORM_DATE, STRUCTURE_BEFORE, Level, Unit, structure_day

from . import results as R
from .models import Node, NodeRow
from .providers import begin_computation, provider_for
from .tree import UnitTree

# Finer granularities tried inside a coarser period, coarsest first.
_FINER = {TERM: [YEAR], YEAR: [HALF, QUARTER, MONTH], HALF: [QUARTER, MONTH], QUARTER: [MONTH], MONTH: [],
          SEASON: []}


Q6 = Decimal("0.000001")


class Stored(NamedTuple):
    """A stored value as the engine reads it (lighter than a model instance)."""

    value: Decimal
    source: str


STORED_FIELDS = ("indicator_id", "option_id", "unit_id", "period_id", "value", "source")


class Margin(NamedTuple):
    """A margin of a crossed breakdown: every combination holding one option."""

    code: str
    name: str
    members: tuple
    part_of_id: None = None
    parts_add_up: bool = False

    @property
    def id(self) -> str:  # a key for the memo; margins have no stored values nor nodes
        return f"margin:{self.code}"


def _days(p: Period) -> int:
    return (p.end - p.start).days + 1


USE_NODES = True  # tests flip it to check both ways give the same figures


class Engine:
    """Computes figures; one instance per request or command (it caches what it loads)."""

    def __init__(self, use_nodes: bool | None = None, structure: str | None = None):
        # With nodes, aggregates of units that have children are read from the
        # pre-aggregated ``engine.Node`` table; without, everything is recomputed from
        # the stored values (the specification the nodes are tested against).
        self.use_nodes = USE_NODES if use_nodes is None else use_nodes
        self.structure = structure
        begin_computation(self)
        self._raw_units: set[tuple[int, int]] = set()
        self._nodes: dict[tuple, NodeRow | None] = {}
        self._nodes_loaded: set[tuple[int, int, str]] = set()
        self._has_nodes: dict[int, bool] = {}
        self._year_index: dict[int, tuple] = {}  # id(stored series) -> (series, size, {year: [(period id, value)]})
        self._indicators: dict[str, Indicator] = {}
        self._all_indicators = False
        self._options: dict[int, list[Option]] = {}
        self._margins: dict[tuple, Margin | None] = {}
        self._parts: dict[int, dict[int, list[Option]]] = {}
        self._periods: dict[int, Period] = {}
        self._period_codes: dict[str, Period] = {}
        tree = UnitTree.current()  # shared, read-only
        self._units = tree.units
        self._units_by_code = tree.by_code
        self._children = tree.children
        self._successors = tree.successors
        self._predecessors = tree.predecessors
        self._tree = tree
        self._loaded_provinces: set[str] = set()  # provinces asked about (stored values are loaded per province)
        self._loaded_series: set[tuple[int, str]] = set()
        self._stored: dict[tuple, dict[int, Stored]] = defaultdict(dict)
        self._memo: dict[tuple, R.Result] = {}

    # ------------------------------------------------------------------ loading
    def indicator(self, code: str | Indicator) -> Indicator:
        if isinstance(code, Indicator):
            self._indicators.setdefault(code.code, code)
            return code
        if code not in self._indicators and not self._all_indicators:
            for i in Indicator.objects.select_related("disaggregation"):
                self._indicators.setdefault(i.code, i)
            self._all_indicators = True
        try:
            return self._indicators[code]
        except KeyError:
            raise KeyError(f"Chỉ tiêu '{code}' không có trong danh mục.") from None

    def options(self, indicator: Indicator) -> list[Option]:
        if indicator.disaggregation_id is None:
            return []
        if indicator.disaggregation_id not in self._options:
            self._options[indicator.disaggregation_id] = list(
                Option.objects.filter(disaggregation_id=indicator.disaggregation_id).order_by("sort_order", "code")
            )
        return self._options[indicator.disaggregation_id]

    def option(self, indicator: Indicator, code: str | Option | None) -> Option | Margin | None:
        if code is None or code == "":
            return None
        if isinstance(code, (Option, Margin)):
            return code
        for o in self.options(indicator):
            if o.code == code:
                return o
        margin = self._margin_of(indicator, code)
        if margin is not None:
            return margin
        raise KeyError(f"Nhóm '{code}' không thuộc chỉ tiêu {indicator.code}.")

    def _margin_of(self, indicator: Indicator, code: str) -> Margin | None:
        key = (indicator.disaggregation_id, code)
        if key not in self._margins:
            found = None
            if indicator.disaggregation_id is not None and indicator.disaggregation.categories.exists():
                members = margin_members(indicator.disaggregation, code)
                if members is not None:
                    component, combos = members
                    by_id = {o.id: o for o in self.options(indicator)}
                    found = Margin(code, component.name, tuple(by_id[c.id] for c in combos if c.id in by_id))
            self._margins[key] = found
        return self._margins[key]

    def parts_of(self, indicator: Indicator, option) -> list[Option]:
        """The options that are part of ``option`` (none for a total or a margin)."""
        if option is None or isinstance(option, Margin) or indicator.disaggregation_id is None:
            return []
        by_whole = self._parts.get(indicator.disaggregation_id)
        if by_whole is None:
            by_whole = self._parts[indicator.disaggregation_id] = defaultdict(list)
            for o in self.options(indicator):
                if o.part_of_id:
                    by_whole[o.part_of_id].append(o)
        return by_whole.get(option.id, [])

    def period(self, code: str | Period) -> Period:
        if isinstance(code, Period):
            self._periods.setdefault(code.id, code)
            self._period_codes.setdefault(code.code, code)
            return code
        p = self._period_codes.get(code)
        if p is None:
            p = Period.objects.for_code(code)
            self._periods[p.id] = p
            self._period_codes[p.code] = p
        return p

    def unit(self, code: str | Unit) -> Unit:
        code = code.code if isinstance(code, Unit) else code
        self._load_province(code.split(".")[0])
        try:
            return self._units_by_code[code]
        except KeyError:
            raise KeyError(f"Đơn vị '{code}' không tồn tại.") from None

    def _load_province(self, province: str) -> None:
        self.load_provinces([province])

    def load_provinces(self, provinces) -> None:
        """Note the provinces asked about (and those across the reform from them): in the
        recomputing mode their stored values are loaded in bulk."""
        wanted = set(provinces) - self._loaded_provinces
        if not wanted:
            return
        for province in list(wanted):
            wanted |= self._tree.related_provinces.get(province, set())
        wanted -= self._loaded_provinces
        self._loaded_provinces.update(wanted)
        for ind_id, _province in list(self._loaded_series):
            for province in wanted:
                if (ind_id, province) not in self._loaded_series:
                    self._load_values(ind_id, province)

    def _ensure_series(self, indicator: Indicator) -> None:
        """Load the stored values of an indicator (and its formula inputs) for the loaded provinces.

        With nodes, stored values are only loaded where needed (``_raw``)."""
        if not self._recursive(indicator):
            return
        for province in list(self._loaded_provinces):
            if (indicator.id, province) not in self._loaded_series:
                self._load_values(indicator.id, province)
        if indicator.kind == IndicatorKind.FORMULA:
            for ref in parse_formula(indicator.formula).references:
                self._ensure_series(self.indicator(ref))

    def _recursive(self, indicator: Indicator) -> bool:
        """Whether this indicator is computed from stored values only (no nodes to read).

        Indicators with a record provider are: their children's values may come from records,
        which the nodes (sums of stored values) do not hold."""
        if not self.use_nodes or indicator.kind == IndicatorKind.FORMULA:
            return not self.use_nodes
        if provider_for(indicator.code) is not None:
            return True
        if indicator.id not in self._has_nodes:
            self._has_nodes[indicator.id] = Node.objects.filter(indicator_id=indicator.id).exists()
        return not self._has_nodes[indicator.id]

    def _raw(self, ind: Indicator, opt: Option | None, unit: Unit) -> dict[int, Stored] | None:
        """The stored values of one series at one unit, by period id."""
        province = unit.code.split(".")[0]
        if (ind.id, province) not in self._loaded_series and (ind.id, unit.id) not in self._raw_units:
            # Load the unit with its siblings: they are usually asked for together.
            group = self._children.get(unit.parent_id, [unit]) if unit.parent_id else [unit]
            self.preload_raw([ind.id], [u.id for u in group] + [unit.id])
        return self._stored.get((ind.id, opt.id if opt else None, unit.id))

    def preload_raw(self, indicator_ids, unit_ids, years=None) -> None:
        """Load the stored values of these indicators at these units (optionally only some years)."""
        wanted = [(i, u) for i in set(indicator_ids) for u in set(unit_ids) if (i, u) not in self._raw_units]
        if not wanted:
            return
        ids = {u for _, u in wanted}
        qs = DataValue.objects.filter(indicator_id__in={i for i, _ in wanted}, unit_id__in=ids)
        if years is not None:  # the caller promises to ask only for periods of these years
            qs = qs.filter(period__year__in=years)
        self._raw_units.update(wanted)
        for ind_id, opt_id, unit_id, period_id, value, source in qs.values_list(*STORED_FIELDS):
            self._stored[(ind_id, opt_id, unit_id)][period_id] = Stored(value, source)
        self._load_periods()

    def preload_series_years(self, wanted: dict[tuple[int, int], set[int]]) -> None:
        """Load exactly the stored values of these (indicator id, unit id) pairs in these
        years — what the roll-up maintainer reads around a write (the caller promises to
        ask only for periods of those years)."""
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for (ind_id, unit_id), years in wanted.items():
            if (ind_id, unit_id) in self._raw_units:
                continue
            self._raw_units.add((ind_id, unit_id))
            for year in years:
                groups[(ind_id, year)].append(unit_id)
        items = sorted(groups.items())
        year_periods: dict[int, list[int]] = defaultdict(list)
        for pk, year in Period.objects.filter(year__in={y for _, y in groups}).values_list("id", "year"):
            year_periods[year].append(pk)
        for start in range(0, len(items), 100):
            where = Q()
            for (ind_id, year), unit_ids in items[start:start + 100]:  # served by the (indicator, period, unit) index
                where |= Q(indicator_id=ind_id, period_id__in=year_periods[year], unit_id__in=unit_ids)
            for ind_id, opt_id, unit_id, period_id, value, source in (
                    DataValue.objects.filter(where).values_list(*STORED_FIELDS)):
                self._stored[(ind_id, opt_id, unit_id)][period_id] = Stored(value, source)
        self._load_periods()

    def _load_periods(self) -> None:
        missing = {pid for series in self._stored.values() for pid in series} - set(self._periods)
        for p in Period.objects.filter(pk__in=missing):
            self._periods[p.id] = p
            self._period_codes[p.code] = p

    def _node(self, ind: Indicator, opt: Option | None, unit: Unit, period: Period) -> NodeRow | None:
        key = (ind.id, opt.id if opt else 0, unit.id, period.id)
        if key in self._nodes:  # loaded, or known to be absent
            return self._nodes[key]
        province = unit.code.split(".")[0]
        if (ind.id, period.id, province) not in self._nodes_loaded:
            self._nodes_loaded.add((ind.id, period.id, province))
            parents = self._parents_in(province)
            self._nodes.update(NodeRow.read(Node.objects.filter(
                indicator_id=ind.id, period_id=period.id, unit_id__in=parents)))
        return self._nodes.get((ind.id, opt.id if opt else 0, unit.id, period.id))

    def _parents_in(self, province: str) -> list[int]:
        """Ids of the units of a province that have children (the ones with nodes)."""
        return self._tree.parents_by_province.get(province, [])

    def _load_values(self, indicator_id: int, province: str) -> None:
        self._loaded_series.add((indicator_id, province))
        qs = DataValue.objects.filter(indicator_id=indicator_id).filter(
            Q(unit__code=province) | Q(unit__code__startswith=province + "."))
        for ind_id, opt_id, unit_id, period_id, value, source in qs.values_list(*STORED_FIELDS):
            self._stored[(ind_id, opt_id, unit_id)][period_id] = Stored(value, source)
        self._load_periods()

    # ------------------------------------------------------------------ public API
    def value(self, indicator, unit, period, option=None) -> R.Result:
        ind = self.indicator(indicator)
        u = self.unit(unit)
        p = self.period(period)
        opt = self.option(ind, option)
        self._ensure_series(ind)
        return self._value(ind, opt, u, p)

    def values(self, indicator, units, period, option=None) -> list[R.Result]:
        return [self.value(indicator, u, period, option) for u in units]

    def cells(self, keys) -> dict[tuple, R.Result]:
        """Scattered figures at once — ``(indicator code, option code or None, unit code,
        period code)`` keys, such as every roll-up a batch of changes touched — with the
        roll-up nodes they read loaded in one query per period.  Returns {key: Result}."""
        with gc_paused():
            by_period: dict[str, list[tuple]] = defaultdict(list)
            for key in keys:
                by_period[key[3]].append(tuple(key))
            out = {}
            for code, group in by_period.items():
                p = self.period(code)
                self.load_provinces({k[2].split(".")[0] for k in group})
                pairs = {(self.indicator(k[0]), self.unit(k[2])) for k in group}
                self._prefetch_pairs(p, [(i, u) for i, u in pairs if not self._recursive(i)])
                for key in group:
                    ind = self.indicator(key[0])
                    self._ensure_series(ind)
                    out[key] = self._value(ind, self.option(ind, key[1]), self.unit(key[2]), p)
            return out

    def _prefetch_pairs(self, period: Period, pairs: list[tuple[Indicator, Unit]]) -> None:
        """Load the nodes of exactly these (indicator, unit) pairs for one period."""
        by_indicator: dict[Indicator, list[int]] = defaultdict(list)
        for ind, unit in pairs:
            if self._children.get(unit.id) and (ind.id, 0, unit.id, period.id) not in self._nodes:
                by_indicator[ind].append(unit.id)
        items = list(by_indicator.items())
        for start in range(0, len(items), 100):
            where = Q()
            for ind, unit_ids in items[start:start + 100]:
                # the period inside each term: SQLite then serves every term from the
                # (indicator, period, unit) index instead of scanning the period's nodes
                where |= Q(indicator_id=ind.id, period_id=period.id, unit_id__in=unit_ids)
            self._nodes.update(NodeRow.read(Node.objects.filter(where)))
        for ind, unit_ids in items:
            for key in [0, *(o.id for o in self.options(ind))]:
                for unit_id in unit_ids:
                    self._nodes.setdefault((ind.id, key, unit_id, period.id), None)

    def matrix(self, indicators, units, period, options: str = "total") -> dict[tuple, R.Result]:
        """Many figures at once — every indicator × unit (× option), for a dashboard page or a
        report table — with the units and roll-up nodes loaded in a few queries.

        ``options``: "total" (only totals), "options" (only options) or "all".
        Returns {(indicator code, option code or None, unit code): Result}."""
        with gc_paused():
            return self._matrix(indicators, units, period, options)

    def _matrix(self, indicators, units, period, options: str) -> dict[tuple, R.Result]:
        p = self.period(period)
        inds = [self.indicator(i) for i in indicators]
        codes = [u.code if isinstance(u, Unit) else u for u in units]
        self.load_provinces({c.split(".")[0] for c in codes})
        node_inds = [i for i in inds if not self._recursive(i)]
        self.prefetch_nodes(node_inds, p, units=[self._units_by_code[c] for c in codes])
        out = {}
        for ind in inds:
            opts = []
            if options in ("total", "all"):
                opts.append(None)
            if options in ("options", "all"):
                opts.extend(self.options(ind))
            self._ensure_series(ind)
            for code in codes:
                u = self._units_by_code[code]
                for o in opts:
                    out[(ind.code, o.code if o else None, code)] = self._value(ind, o, u, p)
        return out

    def prefetch_nodes(self, indicators, period: Period, provinces=(), units=None) -> None:
        """Load roll-up nodes in one query: of every parent unit of the provinces, or — for a
        matrix — of exactly the given units (absent ones are remembered as absent)."""
        if units is not None:
            ids = [u.id for u in units if self._children.get(u.id)]
            if not ids or not indicators:
                return
            self._nodes.update(NodeRow.read(Node.objects.filter(
                indicator_id__in=[i.id for i in indicators], period_id=period.id, unit_id__in=ids)))
            for ind in indicators:
                for key in [0, *(o.id for o in self.options(ind))]:
                    for unit_id in ids:
                        self._nodes.setdefault((ind.id, key, unit_id, period.id), None)
            return
        todo = [(i.id, prov) for i in indicators for prov in provinces
                if (i.id, period.id, prov) not in self._nodes_loaded]
        if not todo:
            return
        parents = [pk for prov in {prov for _, prov in todo} for pk in self._parents_in(prov)]
        qs = Node.objects.filter(indicator_id__in={i for i, _ in todo}, period_id=period.id, unit_id__in=parents)
        self._nodes.update(NodeRow.read(qs))
        self._nodes_loaded.update((i, period.id, prov) for i, prov in todo)

    # ------------------------------------------------------------------ rules
    def use_structure(self, structure: str | None) -> None:
        """Ask the next figures in this structure (STRUCTURE_BEFORE / STRUCTURE_AFTER, None:
        each period's own); figures computed in another structure are forgotten."""
        if structure != self.structure:
            self.structure = structure
            self._memo.clear()

    def _structure_children(self, unit: Unit, period: Period) -> list[Unit] | None:
        """The children of a unit of both structures in the structure asked for, when that
        is not the period's own; None otherwise (the usual children and nodes apply)."""
        if self.structure is None or period.period_type == TERM or not self._children.get(unit.id):
            return None
        if (self.structure == STRUCTURE_BEFORE) == (period.end < REFORM_DATE) or not unit.spans_reform:
            return None
        day = structure_day(self.structure)
        return [k for k in self._children[unit.id] if k.is_valid_on(day)]

    def _result(self, ind, opt, unit, period, value, rule, **kw) -> R.Result:
        day = structure_day(self.structure) if self.structure else period.end
        return R.Result(ind.code, opt.code if opt else None, unit.code, unit.name_on(day), period.code, value, rule,
                        measure=ind.measure, **kw)

    def _value(self, ind: Indicator, opt: Option | None, unit: Unit, period: Period) -> R.Result:
        key = (ind.id, opt.id if opt else None, unit.id, period.id)
        if key in self._memo:
            return self._memo[key]
        if isinstance(opt, Margin):
            result = self._margin(ind, opt, unit, period)
        elif ind.kind == IndicatorKind.FORMULA:
            result = self._formula(ind, opt, unit, period)
        else:
            result = self._rolled(ind, opt, unit, period)
            if ind.kind == IndicatorKind.REGISTRY or provider_for(ind.code) is not None:
                result = self._registry(ind, opt, unit, period, result)
        self._memo[key] = result
        return result

    def _sums_options(self, ind: Indicator, opt: Option | None) -> bool:
        return opt is None and ind.disaggregation_id is not None and ind.options_add_up

    def _sums_parts(self, ind: Indicator, opt: Option | None) -> bool:
        return opt is not None and opt.parts_add_up and bool(self.parts_of(ind, opt))

    def _margin(self, ind, margin: Margin, unit, period) -> R.Result:
        parts = [self._value(ind, o, unit, period) for o in margin.members]
        have = [p for p in parts if p.value is not None]
        if not have:
            return self._result(ind, margin, unit, period, None, R.MISSING)
        result = self._result(ind, margin, unit, period, sum((p.value for p in have), Decimal(0)), R.MARGIN,
                              part_list=have)
        result.complete = len(have) == len(parts)
        if not result.complete:
            result.notes.append(f"Có số liệu {len(have)}/{len(parts)} tổ hợp của nhóm {margin.name}.")
        return result

    def _parts_sum(self, ind, opt, unit, period) -> R.Result | None:
        """A whole as the sum of its parts, when every part has a value at this unit."""
        parts = [self._value(ind, o, unit, period) for o in self.parts_of(ind, opt)]
        if not parts or any(p.value is None for p in parts):
            return None
        result = self._result(ind, opt, unit, period, sum((p.value for p in parts), Decimal(0)), R.PARTS,
                              part_list=parts)
        result.notes.append(f"{opt.name}: cộng đủ {len(parts)} nhóm con.")
        return result

    def _check_parts(self, ind, opt, whole: R.Result, unit, period) -> None:
        """A stored whole that its parts contradict: all parts of an additive whole given
        and their sum differs, or the parts ("trong đó") exceed the whole."""
        parts = [self._value(ind, o, unit, period) for o in self.parts_of(ind, opt)]
        have = [p for p in parts if p.value is not None]
        if not have:
            return
        total = sum((p.value for p in have), Decimal(0))
        complete_differs = opt.parts_add_up and len(have) == len(parts) and total.compare(whole.value) != 0
        if complete_differs or total > whole.value:
            what = "vượt" if total > whole.value else "khác"
            whole.discrepancies.append(R.Discrepancy(
                "options", whole.value, total,
                f"{opt.name} báo cáo {format_number(whole.value)} {ind.measure} nhưng tổng các nhóm con "
                f"({' + '.join(format_number(p.value) for p in have)} = {format_number(total)} {ind.measure}) "
                f"{what} số đó, lệch {format_number(abs(total - whole.value))} {ind.measure}.",
            ))

    def _rolled(self, ind, opt, unit, period) -> R.Result:
        kids = self._structure_children(unit, period)
        if kids is not None:
            own = self._own_time(ind, opt, unit, period)
            agg = None if ind.aggregation == Aggregation.NONE else self._aggregate_of(ind, opt, unit, period, kids)
        elif period.period_type != TERM and self._children.get(unit.id) and not self._recursive(ind):
            node = self._node(ind, opt, unit, period)
            own = self._own_time(ind, opt, unit, period) if node is not None and node.own is not None else None
            agg = None
            if node is not None and ind.aggregation != Aggregation.NONE and node.children_count:
                agg = self._aggregate_result(ind, opt, unit, period, node)
        else:
            own = self._own_time(ind, opt, unit, period)
            if period.period_type == TERM and (own is None or own.rule != R.REPORTED):
                term = self._term(ind, opt, unit, period)
                if term is not None:
                    return term
            agg = None if ind.aggregation == Aggregation.NONE else self._children_aggregate(ind, opt, unit, period)
        if self._sums_options(ind, opt):
            options = self._options_sum(ind, opt, unit, period)
        elif own is None and self._sums_parts(ind, opt):
            options = self._parts_sum(ind, opt, unit, period)
        else:
            options = None
        if own is not None and options is not None:
            self._check_options(ind, own, options)
        if own is not None and opt is not None and self.parts_of(ind, opt):
            self._check_parts(ind, opt, own, unit, period)
        if provider_for(ind.code) is not None and own is None and agg is not None:
            # Records give a breakdown where they are kept, reports often only a total:
            # the children's totals are then the fuller figure.
            chosen = agg if options is None or agg.value >= options.value else options
            if chosen is agg:
                return agg
        chosen = own or options
        if chosen is not None:
            if agg is not None and agg.value.compare(chosen.value) != 0:
                what = "báo cáo" if chosen is own else "cộng các nhóm"
                chosen.discrepancies.append(R.Discrepancy(
                    "children", chosen.value, agg.value,
                    f"{unit.name} {what} {format_number(chosen.value)} {ind.measure} nhưng "
                    f"{R.RULE_LABELS[agg.rule]} được {format_number(agg.value)} {ind.measure}; "
                    f"dùng số {what}.",
                ))
            return chosen
        if agg is not None:
            return agg
        reform = self._reform(ind, opt, unit, period)
        if reform is not None:
            return reform
        return self._result(ind, opt, unit, period, None, R.MISSING)

    def _options_sum(self, ind, opt, unit, period) -> R.Result | None:
        """The total as the sum of its top-level options' values at this unit (each rolled up)."""
        top = [o for o in self.options(ind) if o.part_of_id is None]
        parts = [self._value(ind, o, unit, period) for o in top]
        have = [p for p in parts if p.value is not None]
        if not have:
            return None
        result = self._result(ind, opt, unit, period, sum((p.value for p in have), Decimal(0)), R.OPTIONS,
                              part_list=have)
        result.complete = len(have) == len(top)
        return result

    def _check_options(self, ind, total: R.Result, options: R.Result) -> None:
        """A stated total that differs from its parts: only a discrepancy when every part is
        given, or when the parts already exceed the total (a partial breakdown is normal)."""
        if options.value.compare(total.value) == 0:
            return
        if not options.complete and options.value < total.value:
            return
        total.discrepancies.append(R.Discrepancy(
            "options", total.value, options.value,
            f"Tổng báo cáo {format_number(total.value)} {ind.measure} khác tổng các nhóm "
            f"({' + '.join(format_number(p.value) for p in options.parts)} = {format_number(options.value)}).",
        ))

    def _own(self, ind, opt, unit, period) -> R.Result | None:
        """A unit's value from its own stored values only: what a unit without children
        contributes to its parent (its own total is its options' sum if not stated)."""
        result = self._own_time(ind, opt, unit, period)
        if result is not None:
            return result
        if self._sums_options(ind, opt):
            stored = self._stored
            parts = [self._own(ind, o, unit, period) for o in self.options(ind)
                     if o.part_of_id is None and ((ind.id, o.id, unit.id) in stored or self._sums_parts(ind, o))]
            have = [p for p in parts if p is not None]
            if have:
                result = self._result(ind, opt, unit, period, sum((p.value for p in have), Decimal(0)), R.OPTIONS,
                                      part_list=have)
        elif self._sums_parts(ind, opt):
            parts = [self._own(ind, o, unit, period) for o in self.parts_of(ind, opt)]
            if all(p is not None for p in parts):
                result = self._result(ind, opt, unit, period, sum((p.value for p in parts), Decimal(0)), R.PARTS,
                                      part_list=parts)
        return result

    def _own_time(self, ind, opt, unit, period) -> R.Result | None:
        stored = self._raw(ind, opt, unit)
        if not stored:
            return None
        exact = stored.get(period.id)
        if exact is not None:
            result = self._result(ind, opt, unit, period, exact.value, R.REPORTED, source=exact.source)
            finer = self._time_rollup(ind, opt, unit, period, stored)
            if finer is not None and finer.value.compare(exact.value) != 0 and (
                    ind.time_aggregation == TimeAggregation.STOCK or not finer.notes):
                result.discrepancies.append(R.Discrepancy(
                    "time", exact.value, finer.value,
                    f"Số kỳ {period.code} ({format_number(exact.value)}) khác {R.RULE_LABELS[finer.rule]} "
                    f"({finer.parts[-1].period if finer.rule == R.TIME_LATEST else ''}"
                    f"{': ' if finer.rule == R.TIME_LATEST else ''}{format_number(finer.value)}).",
                ))
            return result
        return self._time_rollup(ind, opt, unit, period, stored)

    def _inside(self, period: Period, stored: dict[int, Stored]) -> list[tuple[Period, Stored]]:
        """Stored periods that roll up into ``period``: months, quarters and halves inside a
        half, quarter or year; seasons only into their crop year; nothing into a month or
        a season (a season is not made of months)."""
        if period.period_type in (MONTH, SEASON, TERM):
            return []
        by_year = self._year_index.get(id(stored))
        if by_year is None or by_year[0] is not stored or by_year[1] != len(stored):
            index: dict[int, list] = defaultdict(list)
            for pid, v in stored.items():
                index[self._periods[pid].year].append((pid, v))
            by_year = self._year_index[id(stored)] = (stored, len(stored), index)
        out = []
        # Halves, quarters and months of a year, and its seasons, all carry that year.
        for pid, v in by_year[2].get(period.year, ()):
            p = self._periods[pid]
            if p.id == period.id or p.period_type == TERM:
                continue
            if p.period_type == SEASON:
                if period.period_type == YEAR and p.year == period.year:
                    out.append((p, v))
                continue
            if p.start >= period.start and p.end <= period.end:
                out.append((p, v))
        return out

    def _time_rollup(self, ind, opt, unit, period, stored) -> R.Result | None:
        inside = self._inside(period, stored)
        if not inside:
            return None
        if ind.time_aggregation == TimeAggregation.STOCK:
            p, v = max(inside, key=lambda pv: (pv[0].end, _days(pv[0])))
            return self._result(ind, opt, unit, period, v.value, R.TIME_LATEST, parts_fn=lambda: [
                self._result(ind, opt, unit, p, v.value, R.REPORTED, source=v.source)])
        groups: dict[str, list[tuple[Period, Stored]]] = defaultdict(list)
        for p, v in inside:
            groups[p.period_type].append((p, v))
        order = [t for t in _FINER.get(period.period_type, []) if t in groups]
        chosen_type = max(order, key=lambda t: (sum(_days(p) for p, _ in groups[t]), -order.index(t)), default=None)
        if chosen_type is None and SEASON in groups:
            chosen_type = SEASON
        if chosen_type is None:
            return None
        chosen = sorted(groups[chosen_type], key=lambda pv: pv[0].start)
        result = self._result(ind, opt, unit, period, sum((v.value for _, v in chosen), Decimal(0)), R.TIME_SUM,
                              parts_fn=lambda: [self._result(ind, opt, unit, p, v.value, R.REPORTED, source=v.source)
                                                for p, v in chosen])
        if chosen_type != SEASON:
            covered = sum(_days(p) for p, _ in chosen)
            if covered < _days(period):
                result.notes.append(f"Chỉ có số liệu {len(chosen)} kỳ, chưa đủ cả kỳ {period.code}.")
        return result

    def _term(self, ind, opt, unit, period) -> R.Result | None:
        years = [self.period(str(y)) for y in range(period.start.year, period.end.year + 1)]
        parts = [self._value(ind, opt, unit, y) for y in years]
        have = [p for p in parts if p.value is not None]
        if not have:
            return None
        if ind.time_aggregation == TimeAggregation.STOCK:
            last = have[-1]
            return self._result(ind, opt, unit, period, last.value, R.TIME_LATEST, part_list=[last])
        result = self._result(ind, opt, unit, period, sum((p.value for p in have), Decimal(0)), R.TIME_SUM,
                              part_list=have)
        if len(have) < len(years):
            result.notes.append(f"Có số liệu {len(have)}/{len(years)} năm.")
        return result

    def _children_of(self, unit: Unit, period: Period, stock: bool) -> list[Unit]:
        key = (unit.id, period.start, period.end, stock)  # by dates: period ids are not the tree's
        found = self._tree.children_in_period.get(key)
        if found is None:
            kids = self._children.get(unit.id, [])
            if stock:
                found = [k for k in kids if k.is_valid_on(period.end)]
            else:
                found = [k for k in kids if k.is_valid_during(period.start, period.end)]
            self._tree.children_in_period[key] = found
        return found

    def _aggregate_result(self, ind, opt, unit, period, node: NodeRow) -> R.Result:
        """The children's aggregate read from a node; its parts are computed only if asked for."""
        average = ind.aggregation == Aggregation.AVERAGE
        kids = self._children_of(unit, period, ind.time_aggregation == TimeAggregation.STOCK)

        def parts() -> list[R.Result]:
            return [r for r in (self._value(ind, opt, k, period) for k in kids) if r.value is not None]

        value = node.children_value(average)
        result = self._result(ind, opt, unit, period, value.quantize(Q6) if average else value,
                              R.CHILDREN_AVERAGE if average else R.CHILDREN_SUM, parts_fn=parts)
        if node.children_count < len(kids):
            result.notes.append(f"{node.children_count}/{len(kids)} đơn vị trực thuộc có số liệu.")
        return result

    def _children_aggregate(self, ind, opt, unit, period) -> R.Result | None:
        kids = self._children_of(unit, period, ind.time_aggregation == TimeAggregation.STOCK)
        return self._aggregate_of(ind, opt, unit, period, kids)

    def _aggregate_of(self, ind, opt, unit, period, kids: list[Unit]) -> R.Result | None:
        if not kids:
            return None
        parts = [self._value(ind, opt, k, period) for k in kids]
        have = [p for p in parts if p.value is not None]
        if not have:
            return None
        total = sum((p.value for p in have), Decimal(0))
        if ind.aggregation == Aggregation.AVERAGE:
            # Averages are kept to 6 decimals at every level, as the roll-up nodes store them.
            result = self._result(ind, opt, unit, period, (total / len(have)).quantize(Q6), R.CHILDREN_AVERAGE,
                                  part_list=have)
        else:
            result = self._result(ind, opt, unit, period, total, R.CHILDREN_SUM, part_list=have)
        if len(have) < len(kids):
            result.notes.append(f"{len(have)}/{len(kids)} đơn vị trực thuộc có số liệu.")
        return result

    def _reform(self, ind, opt, unit, period) -> R.Result | None:
        if unit.valid_from and unit.valid_from >= REFORM_DATE and period.end < REFORM_DATE:
            parts = []
            for pred_id in self._predecessors.get(unit.id, []):
                pred = self._units[pred_id]
                r = self._value(ind, opt, pred, period)
                if r.value is None:
                    continue
                share = Decimal(1) / len(self._successors[pred_id])
                parts.append(self._weighted(r, share))
            if parts:
                result = self._combine(ind, opt, unit, period, parts, R.REFORM_MERGED)
                split = [p.unit_name for p in parts if p.weight != 1]
                if split:
                    result.notes.append("Ước tính: " + ", ".join(split) + " được chia cho nhiều đơn vị mới; "
                                        "tính phần chia đều.")
                return result
        if unit.valid_to and unit.valid_to < REFORM_DATE and period.start >= REFORM_DATE:
            leaves = {u.id for u in self._old_communes(unit)}
            successors = []
            for leaf in leaves:
                for s in self._successors.get(leaf, []):
                    if s not in successors:
                        successors.append(s)
            parts = []
            for s in successors:
                preds = self._predecessors[s]
                share = Decimal(sum(1 for p in preds if p in leaves)) / len(preds)
                r = self._value(ind, opt, self._units[s], period)
                if r.value is not None:
                    parts.append(self._weighted(r, share))
            if parts:
                result = self._combine(ind, opt, unit, period, parts, R.REFORM_SPLIT)
                partial = [p.unit_name for p in parts if p.weight != 1]
                if partial:
                    result.notes.append("Ước tính: " + ", ".join(partial) + " chỉ có một phần địa bàn thuộc "
                                        f"{unit.name}; tính theo tỷ lệ số xã cũ.")
                return result
        return None

    def _old_communes(self, unit: Unit) -> list[Unit]:
        if unit.level == Level.COMMUNE:
            return [unit]
        out = []
        for k in self._children.get(unit.id, []):
            if k.valid_to and k.valid_to < REFORM_DATE:
                out.extend(self._old_communes(k))
        return out

    @staticmethod
    def _weighted(r: R.Result, share: Decimal) -> R.Result:
        if share == 1:
            return r
        w = R.Result(r.indicator, r.option, r.unit, r.unit_name, r.period, r.value, r.rule, part_list=r.part_list,
                     weight=share, discrepancies=r.discrepancies, notes=r.notes, source=r.source, measure=r.measure,
                     parts_fn=r.parts_fn)
        return w

    def _combine(self, ind, opt, unit, period, parts, rule) -> R.Result:
        value = sum((p.value * p.weight for p in parts), Decimal(0))
        if ind.aggregation == Aggregation.AVERAGE:
            value = value / sum((p.weight for p in parts), Decimal(0))
        return self._result(ind, opt, unit, period, value, rule, part_list=parts)

    def _formula(self, ind, opt, unit, period) -> R.Result:
        formula = parse_formula(ind.formula)
        inputs: list[R.Result] = []

        def lookup(ref):
            ref_ind = self.indicator(ref.indicator)
            if ref.option:
                ref_opt = self.option(ref_ind, ref.option)
            elif opt is not None and ref_ind.disaggregation_id == ind.disaggregation_id:
                ref_opt = opt
            else:
                ref_opt = None
            r = self._value(ref_ind, ref_opt, unit, period)
            inputs.append(r)
            return r.value

        value = formula.evaluate(lookup)
        if value is not None:
            value = value * ind.formula_scale
        result = self._result(ind, opt, unit, period, value, R.FORMULA if value is not None else R.MISSING,
                              part_list=inputs)
        result.notes.append(f"{ind.code} = {ind.formula}" + (f" × {format_number(ind.formula_scale)}"
                                                             if ind.formula_scale != 1 else ""))
        return result

    def _registry(self, ind, opt, unit, period, reported: R.Result) -> R.Result:
        provider = provider_for(ind.code)
        if provider is None or not provider.covers(unit, period):
            if reported.value is not None:
                reported.notes.append("Số liệu báo cáo (đơn vị chưa quản lý sổ đăng ký trên hệ thống).")
            return reported
        value = provider.value(unit, opt.code if opt else None, period)
        result = self._result(ind, opt, unit, period, value, R.REGISTRY if value is not None else R.MISSING)
        result.notes.append(provider.describe(unit, opt.code if opt else None, period))
        if reported.value is not None and value is not None and reported.value.compare(value) != 0:
            result.discrepancies.append(R.Discrepancy(
                "registry", value, reported.value,
                f"Sổ đăng ký cho {format_number(value)} nhưng "
                f"{'số báo cáo' if reported.rule == R.REPORTED else 'số tổng hợp từ các báo cáo'} là "
                f"{format_number(reported.value)}; dùng số từ sổ đăng ký.",
            ))
        return result
