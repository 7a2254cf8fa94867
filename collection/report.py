"""The validation report over a subtree and a period: every violation.

* **Rules** (``ValidationRule``) over the stored values of each unit that has values.
* **Plausibility**: values outside their min–max, or far from the same period of
  earlier years.
* **Conflicting sources**, where two sources give different values for one figure:
  - the engine's discrepancies (``engine.results.Discrepancy``: a unit's own value vs
    its children, a total vs its options, a period vs its months, a reported value vs
    a registry) for every stored figure — the engine computes, this module only
    lists;
  - a stock (an area, a herd, a count of cooperatives) stated for a period and for a
    period ending the same day (2023 vs 12/2023), with different values;
  - a stored value and a programme's target or plan for the same stock figure, unit
    and period, with different values (seed 000's 940 ha of tea in business vs seed
    002's 950 ha for Lai Châu City in 2023);
  - a figure a document restates under its own label (``notes.Statement``) that the
    stored figures do not give (seed 000's "vùng trồng hoa, rau tập trung 78,65 ha" with
    78,65 ha of flowers and 30 ha of vegetables stored; seed 004's "gấp 2,2 lần" beside
    82 and 39,7 triệu đồng/ha) — ``notes.checking``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from bacthang.lib.numbers import format_number
from datavalues.models import DataValue
from engine.rollup import Engine
from indicators.models import IndicatorKind, TimeAggregation
from periods.codes import TERM
from periods.models import Period
from programmes.models import Target
from units.models import Unit

from .rules import (
    Catalogue,
    Key,
    PlausibilityBook,
    Violation,
    active_rules,
    check_plausibility,
    check_rule,
    earlier_period_codes,
)


@dataclass
class Report:
    root: Unit
    period: Period
    violations: list[Violation] = field(default_factory=list)
    units_checked: int = 0
    values_checked: int = 0

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.kind == "rule" and v.is_error]

    @property
    def by_kind(self) -> dict[str, list[Violation]]:
        out: dict[str, list[Violation]] = {"rule": [], "plausibility": [], "conflict": []}
        for v in self.violations:
            out.setdefault(v.kind, []).append(v)
        return out


def _subtree(root: Unit) -> Q:
    return Q(unit__code=root.code) | Q(unit__code__startswith=root.code + ".")


def _short_source(text: str, limit: int = 160) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def validation_report(root: Unit, period: Period, *, use_engine: bool = True) -> Report:
    cat = Catalogue()
    report = Report(root, period)
    rows = list(DataValue.objects.filter(_subtree(root), period=period)
                .select_related("unit").only("id", "indicator_id", "option_id", "unit", "period_id", "value",
                                             "source"))
    report.values_checked = len(rows)
    by_unit: dict[int, dict[Key, DataValue]] = defaultdict(dict)
    units: dict[int, Unit] = {}
    for v in rows:
        by_unit[v.unit_id][cat.key_of(v.indicator_id, v.option_id)] = v
        units[v.unit_id] = v.unit
    report.units_checked = len(units)

    # Rules and plausibility, unit by unit.
    rules = active_rules(period, cat)
    book = PlausibilityBook()
    codes = earlier_period_codes(period, book.max_years)
    earlier = Period.objects.for_codes(codes) if codes else {}
    earlier_list = [earlier[c] for c in codes if c in earlier]
    history: dict[tuple[int, Key], dict[int, object]] = defaultdict(dict)
    if earlier_list and units:
        for v in DataValue.objects.filter(unit_id__in=list(units), period__in=earlier_list) \
                .only("indicator_id", "option_id", "unit_id", "period_id", "value"):
            history[(v.unit_id, cat.key_of(v.indicator_id, v.option_id))][v.period_id] = v.value
    for uid in sorted(units, key=lambda i: units[i].code):
        unit = units[uid]
        values = {k: dv.value for k, dv in by_unit[uid].items()}
        found = []
        for inst in rules:
            v = check_rule(inst, values)
            if v is not None:
                found.append(v)
        for key, value in values.items():
            ind = cat.indicators[key[0]]
            opt = cat.option(ind, key[1]) if key[1] else None
            setting = book.setting(ind.pk, opt.pk if opt else None)
            hist = history.get((uid, key), {})
            past = [(p.name, hist[p.pk]) for p in earlier_list[:setting.years] if p.pk in hist]
            for msg in check_plausibility(cat.label(key), ind.measure, value, setting, past):
                found.append(Violation("plausibility", "warning", msg, [key]))
        for v in found:
            v.unit, v.unit_name, v.period = unit.code, unit.name, period.code
        report.violations.extend(found)

    report.violations.extend(_stock_conflicts(root, period, cat, by_unit, units))
    report.violations.extend(_target_conflicts(root, period, cat, by_unit))
    if use_engine:
        report.violations.extend(_engine_discrepancies(root, period, cat, by_unit, units))
        # Figures a document restates under its own label ("hoa, rau 78,65 ha"; "gấp 2,2 lần").
        from notes.checking import statement_conflicts

        report.violations.extend(statement_conflicts(root, period, cat))
    order = {"rule": 0, "conflict": 1, "plausibility": 2}
    report.violations.sort(key=lambda v: (order.get(v.kind, 9), v.unit, v.keys[:1] and v.keys[0][0] or ""))
    return report


def _engine_discrepancies(root: Unit, period, cat: Catalogue, by_unit, units) -> list[Violation]:
    engine = Engine()
    inds = {cat.indicators[k[0]] for values in by_unit.values() for k in values}
    inds = [i for i in inds if i.kind != IndicatorKind.FORMULA]
    if not inds:
        return []
    # Load what the engine will read in a few queries, whatever the number of units.
    provinces = {root.code.split(".")[0]}
    engine.load_provinces(provinces)
    engine.prefetch_nodes(inds, period, provinces)
    subtree = Unit.objects.filter(Q(pk=root.pk) | Q(code__startswith=root.code + ".")).values_list("pk", flat=True)
    engine.preload_raw([i.pk for i in inds], list(subtree))
    out = []
    seen = set()
    for uid, values in by_unit.items():
        unit = units[uid]
        for key in values:
            ind = cat.indicators[key[0]]
            if ind.kind == IndicatorKind.FORMULA:
                continue
            try:
                result = engine.value(ind.code, unit.code, period.code, key[1])
            except KeyError:
                continue
            for d in result.discrepancies:
                sig = (unit.code, key, d.kind)
                if sig in seen:
                    continue
                seen.add(sig)
                label = cat.label(key)
                out.append(Violation("conflict", "warning", f"{label}: {d.message}", [key], unit.code, unit.name,
                                     period.code, rule=f"engine:{d.kind}"))
            if period.period_type == TERM and not any(d.kind == "time" for d in result.discrepancies):
                v = _term_vs_years(engine, ind, key, unit, period, result, cat)
                if v is not None:
                    out.append(v)
    return out


def _term_vs_years(engine: Engine, ind, key: Key, unit: Unit, period, result, cat: Catalogue) -> Violation | None:
    """A flow stated for a term (2021-2022) against the engine's figure from its years.

    The engine computes a term from its years only when the term itself is not stated
    and reports no discrepancy between the two, so the figure from the years is asked
    of the engine (its ``_term`` rule) rather than summed here.  Skipped when the engine
    has no such rule or already reports the difference."""
    from engine import results as R

    if ind.time_aggregation != TimeAggregation.FLOW or result.rule != R.REPORTED or result.value is None:
        return None
    term_rule = getattr(engine, "_term", None)
    if term_rule is None:
        return None
    opt = engine.option(ind, key[1])
    years = term_rule(ind, opt, unit, period)
    if years is None or years.value is None or years.value.compare(result.value) == 0:
        return None
    parts = " + ".join(f"{format_number(p.value)} ({p.period})" for p in years.parts if p.value is not None)
    return Violation(
        "conflict", "warning",
        f"{cat.label(key)}: giai đoạn {period.code} ghi {format_number(result.value)} {ind.measure} nhưng cộng "
        f"các năm được {parts} = {format_number(years.value)} {ind.measure}.",
        [key], unit.code, unit.name, period.code, rule="engine:term_years")


def _stock_conflicts(root, period, cat: Catalogue, by_unit, units) -> list[Violation]:
    """A stock stated for this period and for another period ending the same day."""
    same_end = [p for p in Period.objects.filter(end=period.end).exclude(pk=period.pk)]
    if not same_end or not by_unit:
        return []
    stock_ids = [i.pk for i in cat.indicators.values() if i.time_aggregation == TimeAggregation.STOCK]
    others = DataValue.objects.filter(unit_id__in=list(by_unit), period__in=same_end, indicator_id__in=stock_ids) \
        .only("indicator_id", "option_id", "unit_id", "period_id", "value", "source")
    names = {p.pk: p for p in same_end}
    out = []
    for o in others:
        key = cat.key_of(o.indicator_id, o.option_id)
        mine = by_unit[o.unit_id].get(key)
        if mine is None or mine.value.compare(o.value) == 0:
            continue
        unit = units[o.unit_id]
        ind = cat.indicators[key[0]]
        other_p = names[o.period_id]
        kind_word = "giai đoạn" if other_p.period_type == TERM else "kỳ"
        out.append(Violation(
            "conflict", "warning",
            f"{cat.label(key)}: {period.name} ghi {format_number(mine.value)} {ind.measure} "
            f"({_short_source(mine.source) or 'không rõ nguồn'}) nhưng {kind_word} {other_p.name} (cùng ngày cuối kỳ "
            f"{period.end:%d/%m/%Y}) ghi {format_number(o.value)} {ind.measure} "
            f"({_short_source(o.source) or 'không rõ nguồn'}).",
            [key], unit.code, unit.name, period.code, rule="stock_same_day"))
    return out


RESTATED_TOLERANCE = Decimal("0.10")


def _target_conflicts(root, period, cat: Catalogue, by_unit) -> list[Violation]:
    """A stored stock value and a programme's figure for the same key that differ.

    Only figures within 10% of each other are listed: a plan that restates an existing
    stock ("duy trì 963,45 ha chè, trong đó 950 ha chè kinh doanh") and a report that
    states it differently are two sources of one figure; a plan figure far from the
    actual one ("phát triển 06 cơ sở nuôi ong" with 04 today) is a goal, which the
    progress pages show, not a conflict."""
    stock_ids = [i.pk for i in cat.indicators.values() if i.time_aggregation == TimeAggregation.STOCK]
    targets = Target.objects.filter(_subtree(root), period=period, indicator_id__in=stock_ids) \
        .select_related("programme", "unit")
    out = []
    for t in targets:
        key = cat.key_of(t.indicator_id, t.option_id)
        mine = by_unit.get(t.unit_id, {}).get(key)
        if mine is None or mine.value.compare(t.value) == 0:
            continue
        largest = max(abs(mine.value), abs(t.value))
        if largest and abs(mine.value - t.value) / largest > RESTATED_TOLERANCE:
            continue
        ind = cat.indicators[key[0]]
        out.append(Violation(
            "conflict", "warning",
            f"{cat.label(key)}: số liệu {format_number(mine.value)} {ind.measure} "
            f"({_short_source(mine.source) or 'không rõ nguồn'}) khác số {format_number(t.value)} {ind.measure} "
            f"trong {t.programme} ({_short_source(t.source) or t.programme.title}).",
            [key], t.unit.code, t.unit.name, period.code, rule="value_vs_target"))
    return out
