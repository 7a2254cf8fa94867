"""How an evaluation reads: each indicator's value (typed, or read through the engine),
its status, each criterion's status and the commune's count ("10/19").

**An indicator's status**, in order:

1. a value that decides it — a yes/no answer; a number (typed, or read through the
   engine for an indicator of the catalogue) compared with a *confirmed* threshold of
   the commune's group; a choice among the accepted ones — gives đạt / chưa đạt;
2. otherwise the officer's judgement (``IndicatorResult.status``), default chưa đánh giá.
   A placeholder threshold never decides (rule 1 skips it), so an unconfirmed figure
   never turns a commune's status by itself.

**A criterion** is đạt when every indicator is đạt, chưa đạt when one is chưa đạt, else
chưa đánh giá.  **The count** is the number of criteria đạt over the set's criteria —
computed here, never typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bacthang.lib.numbers import format_number, format_percent, format_quantity

from .models import Comparison, Criterion, CriterionIndicator, Evaluation, IndicatorResult, Kind, Status, Threshold

COMPARE = {
    Comparison.GE: lambda a, b: a >= b, Comparison.GT: lambda a, b: a > b,
    Comparison.LE: lambda a, b: a <= b, Comparison.LT: lambda a, b: a < b,
    Comparison.EQ: lambda a, b: a == b,
}
SYMBOL = {Comparison.GE: "≥", Comparison.GT: ">", Comparison.LE: "≤", Comparison.LT: "<", Comparison.EQ: "="}


def threshold_text(t: Threshold | None, measure: str = "", mark: bool = True) -> str:
    if t is None:
        return "Đạt"
    if t.accepted:
        text = " hoặc ".join(t.accepted)
    elif t.value is None:
        text = "chưa có ngưỡng"
    else:
        text = f"{SYMBOL[t.comparison]} {quantity(t.value, measure or t.indicator.measure)}"
    if t.is_placeholder and mark:
        text += " (ngưỡng tạm, chưa xác nhận)"
    return text


def quantity(value, measure: str) -> str:
    """``70%``, ``36 triệu đồng/người``: the one number formatter."""
    return format_percent(value, 6) if measure == "%" else format_quantity(value, measure, 6)


@dataclass
class IndicatorRow:
    indicator: CriterionIndicator
    threshold: Threshold | None
    result: IndicatorResult | None
    value: Decimal | bool | str | None = None
    computed: bool = False
    source: str = ""
    status: str = Status.UNKNOWN
    decided_by: str = ""  # "value" | "officer" | ""

    @property
    def value_text(self) -> str:
        if self.value is None or self.value == "":
            return ""
        if isinstance(self.value, bool):
            return "Đạt" if self.value else "Không đạt"
        if isinstance(self.value, Decimal):
            return quantity(self.value, self.indicator.measure)
        return str(self.value)

    @property
    def threshold_text(self) -> str:
        if self.indicator.kind == Kind.YES_NO:
            return "Đạt"
        return threshold_text(self.threshold, self.indicator.measure, mark=False)

    @property
    def placeholder(self) -> bool:
        return bool(self.threshold and self.threshold.is_placeholder)


@dataclass
class CriterionRow:
    criterion: Criterion
    indicators: list[IndicatorRow] = field(default_factory=list)

    @property
    def status(self) -> str:
        return criterion_status([r.status for r in self.indicators])


@dataclass
class Sheet:
    evaluation: Evaluation
    criteria: list[CriterionRow]

    @property
    def met(self) -> int:
        return sum(1 for c in self.criteria if c.status == Status.MET)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def count_text(self) -> str:
        return f"{self.met}/{self.total}"

    def status_of(self, number: int) -> str:
        for c in self.criteria:
            if c.criterion.number == number:
                return c.status
        return Status.UNKNOWN


def criterion_status(statuses: list[str]) -> str:
    if statuses and all(s == Status.MET for s in statuses):
        return Status.MET
    if any(s == Status.NOT_MET for s in statuses):
        return Status.NOT_MET
    return Status.UNKNOWN


def decide(indicator: CriterionIndicator, threshold: Threshold | None, value, entered: str) -> tuple[str, str]:
    """(status, what decided it) — see the module docstring."""
    if indicator.kind == Kind.YES_NO and isinstance(value, bool):
        return (Status.MET if value else Status.NOT_MET), "value"
    usable = threshold is not None and not threshold.is_placeholder
    if indicator.kind == Kind.NUMBER and isinstance(value, Decimal) and usable and threshold.value is not None:
        return (Status.MET if COMPARE[threshold.comparison](value, threshold.value) else Status.NOT_MET), "value"
    if indicator.kind == Kind.CHOICE and value and usable and threshold.accepted:
        return (Status.MET if value in threshold.accepted else Status.NOT_MET), "value"
    if entered and entered != Status.UNKNOWN:
        return entered, "officer"
    return Status.UNKNOWN, ""


def read_computed(engine, indicator: CriterionIndicator, evaluation: Evaluation) -> tuple[Decimal | None, str]:
    """The value of a catalogue indicator for the commune and year, through the one engine."""
    from engine.results import RULE_LABELS

    try:
        r = engine.value(indicator.catalogue_code, evaluation.unit.code, str(evaluation.year),
                         indicator.catalogue_option or None)
    except KeyError as e:
        return None, str(e.args[0]) if e.args else "Chỉ tiêu không có trong danh mục."
    if r.value is None:
        return None, f"Chưa có số liệu {indicator.catalogue_code} năm {evaluation.year}."
    text = (f"{indicator.catalogue_code} năm {evaluation.year}: {format_number(r.value, 6)} "
            f"({RULE_LABELS.get(r.rule, r.rule)})")
    notes = [n for n in getattr(r, "notes", []) if n]
    if notes:
        text += " — " + " ".join(notes)
    return r.value, text


def set_criteria(criteria_set_id: int) -> list[Criterion]:
    return list(Criterion.objects.filter(criteria_set_id=criteria_set_id)
                .prefetch_related("indicators__thresholds").order_by("number"))


def build_sheet(evaluation: Evaluation, engine=None, *, criteria: list[Criterion] | None = None,
                results: dict | None = None) -> Sheet:
    """Every criterion and indicator of the evaluation's set with values and statuses
    (``criteria`` and ``results`` may be given preloaded, for many evaluations at once)."""
    if criteria is None:
        criteria = set_criteria(evaluation.criteria_set_id)
    if results is None:
        results = {r.indicator_id: r for r in IndicatorResult.objects.filter(evaluation=evaluation)}
    rows = []
    for c in criteria:
        crow = CriterionRow(c)
        for ind in sorted(c.indicators.all(), key=lambda i: (i.sort_order, i.code)):
            res = results.get(ind.pk)
            threshold = ind.threshold_for(evaluation.group)
            value, source, computed = None, "", False
            if ind.computed:
                computed = True
                if res is not None and res.frozen:
                    value, source = res.number, res.frozen_source
                else:
                    if engine is None:
                        from engine.rollup import Engine

                        engine = Engine()
                    value, source = read_computed(engine, ind, evaluation)
            elif res is not None:
                value = {Kind.YES_NO: res.yes, Kind.NUMBER: res.number, Kind.CHOICE: res.choice or None}[ind.kind]
                source = "Cán bộ nhập" if value is not None else ""
            status, by = decide(ind, threshold, value, res.status if res else Status.UNKNOWN)
            crow.indicators.append(IndicatorRow(ind, threshold, res, value, computed, source, status, by))
        rows.append(crow)
    return Sheet(evaluation, rows)
