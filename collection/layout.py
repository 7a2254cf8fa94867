"""The shape of a report form (sections → rows → cells) and the values around it.

Everything a page, a template or an upload needs about one form is loaded here in a
fixed number of queries, whatever the number of rows or units: the rows with their
indicators and options (two queries), the stored values of the units and periods
asked for (one query), the same period of earlier years (one query).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from datavalues.models import DataValue
from engine.providers import provider_for
from indicators.models import Indicator, Option
from periods.models import Period
from units.models import Unit

from .models import FormRow, ReportForm, TotalMode
from .rules import (
    Catalogue,
    Key,
    PlausibilityBook,
    RuleInstance,
    Violation,
    active_rules,
    check_plausibility,
    check_rule,
    earlier_period_codes,
    key_text,
    reference,
)


@dataclass
class CellSpec:
    key: Key
    indicator: Indicator
    option: Option | None
    row: FormRow
    computed: bool = False  # a total that is the sum of the row's options (not entered)
    absent: bool = False  # a row whose options have no meaningful total

    @property
    def kt(self) -> str:
        return key_text(self.key)

    @property
    def label(self) -> str:
        title = self.row.title
        return f"{title} — {self.option.name}" if self.option else title

    @property
    def excel_label(self) -> str:
        return f"– {self.option.name}" if self.option else self.row.title


@dataclass
class RowSpec:
    row: FormRow
    indicator: Indicator
    options: list[Option]
    total: CellSpec
    option_cells: list[CellSpec]
    crossed: bool = False  # options of a crossed breakdown (gà × trang trại …): one line per combination

    @property
    def parts(self) -> list[CellSpec]:
        """Option cells added into the live total (an option part of another is not added twice)."""
        ids = {o.pk for o in self.options}
        return [c for c in self.option_cells if c.option.part_of_id not in ids]

    @property
    def input_cells(self) -> list[CellSpec]:
        return ([] if self.total.computed or self.total.absent else [self.total]) + self.option_cells


@dataclass
class SectionSpec:
    title: str
    columns: list[Option]
    rows: list[RowSpec] = field(default_factory=list)


class FormLayout:
    def __init__(self, form: ReportForm):
        self.form = form
        rows = list(FormRow.objects.filter(form=form).select_related("indicator", "indicator__disaggregation")
                    .prefetch_related("options", "indicator__disaggregation__categories")
                    .order_by("sort_order", "id"))
        self.rows: list[RowSpec] = []
        self.sections: list[SectionSpec] = []
        for r in rows:
            opts = sorted(r.options.all(), key=lambda o: (o.sort_order, o.code))
            total = CellSpec((r.indicator.code, None), r.indicator, None, r,
                             computed=bool(opts) and r.total == TotalMode.SUM,
                             absent=bool(opts) and r.total == TotalMode.NONE)
            cells = [CellSpec((r.indicator.code, o.code), r.indicator, o, r) for o in opts]
            d = r.indicator.disaggregation
            crossed = bool(opts) and d is not None and bool(d.categories.all())
            spec = RowSpec(r, r.indicator, opts, total, cells, crossed)
            self.rows.append(spec)
            # A crossed breakdown has too many combinations for columns: its combinations are
            # lines under its total, in a section without option columns.
            columns = [] if crossed else opts
            last = self.sections[-1] if self.sections else None
            if last is None or last.title != r.section or [o.pk for o in last.columns] != [o.pk for o in columns]:
                last = SectionSpec(r.section, columns)
                self.sections.append(last)
            last.rows.append(spec)
        self.cells: list[CellSpec] = [c for r in self.rows for c in r.input_cells]
        self.by_key: dict[Key, CellSpec] = {c.key: c for c in self.cells}
        self.all_keys = {c.key for r in self.rows for c in [r.total, *r.option_cells] if not c.absent}
        self.indicator_ids = {r.indicator.pk for r in self.rows}
        self.indicator_codes = {r.indicator.code for r in self.rows}

    def keys(self) -> list[Key]:
        return [c.key for c in self.cells]

    def totals_json(self) -> list[dict]:
        return [{"total": r.total.kt, "computed": r.total.computed, "parts": [c.kt for c in r.parts]}
                for r in self.rows if r.option_cells and not r.total.absent]


class FormData:
    """Stored values of a form for some units and one period, with the rules and the
    same period of earlier years: the context of entry, templates, uploads and checks."""

    def __init__(self, form: ReportForm, period: Period, units: Iterable[Unit], layout: FormLayout | None = None):
        self.form, self.period = form, period
        self.units = list(units)
        self.layout = layout or FormLayout(form)
        self.cat = Catalogue()
        self.rules: list[RuleInstance] = [
            r for r in active_rules(period, self.cat) if set(r.keys) & self.layout.all_keys
        ]
        self.book = PlausibilityBook()
        codes = earlier_period_codes(period, self.book.max_years)
        periods = Period.objects.for_codes(codes) if codes else {}
        self.earlier: list[Period] = [periods[c] for c in codes if c in periods]
        indicator_ids = set(self.layout.indicator_ids)
        indicator_ids |= {self.cat.indicators[k[0]].pk for r in self.rules for k in r.keys}
        self.current: dict[int, dict[Key, DataValue]] = defaultdict(dict)
        self.history: dict[int, dict[Key, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
        unit_ids = [u.pk for u in self.units]
        period_ids = [period.pk] + [p.pk for p in self.earlier]
        qs = DataValue.objects.filter(unit_id__in=unit_ids, period_id__in=period_ids,
                                      indicator_id__in=indicator_ids)
        for v in qs.only("id", "indicator_id", "option_id", "unit_id", "period_id", "value", "version"):
            key = self.cat.key_of(v.indicator_id, v.option_id)
            if v.period_id == period.pk:
                self.current[v.unit_id][key] = v
            else:
                self.history[v.unit_id][key][v.period_id] = v.value

    # ------------------------------------------------------------------ per unit
    def registry_keys(self, unit: Unit) -> set[Key]:
        """Cells computed from a registry kept in the system for this unit (not entered by hand;
        ``datavalues.validation.check_figure`` refuses them)."""
        covered: dict[str, bool] = {}
        out = set()
        for c in self.layout.cells:
            code = c.indicator.code
            if code not in covered:
                provider = provider_for(code)
                covered[code] = bool(provider is not None and provider.covers(unit, self.period))
            if covered[code]:
                out.add(c.key)
        return out

    def values(self, unit: Unit) -> dict[Key, Decimal]:
        return {k: v.value for k, v in self.current[unit.pk].items()}

    def stored(self, unit: Unit, key: Key) -> DataValue | None:
        return self.current[unit.pk].get(key)

    def last_year(self, unit: Unit, key: Key) -> Decimal | None:
        if not self.earlier:
            return None
        return self.history[unit.pk][key].get(self.earlier[0].pk)

    def history_of(self, unit: Unit, cell_key: Key, years: int) -> list[tuple[str, Decimal]]:
        found = self.history[unit.pk][cell_key]
        return [(p.name, found[p.pk]) for p in self.earlier[:years] if p.pk in found]

    def setting(self, cell_key: Key):
        ind = self.cat.indicators[cell_key[0]]
        opt = self.cat.option(ind, cell_key[1]) if cell_key[1] else None
        return self.book.setting(ind.pk, opt.pk if opt else None)

    def check(self, unit: Unit, values: dict[Key, Decimal] | None = None,
              keys: Iterable[Key] | None = None) -> list[Violation]:
        """Rules and plausibility for the unit's values (stored ones, or ``values`` when given);
        plausibility only for ``keys`` (default: the form's cells)."""
        values = self.values(unit) if values is None else values
        out = []
        for inst in self.rules:
            v = check_rule(inst, values)
            if v is not None:
                out.append(v)
        for key in (self.layout.keys() if keys is None else keys):
            value = values.get(key)
            cell = self.layout.by_key.get(key)
            if value is None or cell is None:
                continue
            setting = self.setting(key)
            for msg in check_plausibility(cell.label, cell.indicator.measure, value, setting,
                                          self.history_of(unit, key, setting.years)):
                out.append(Violation("plausibility", "warning", msg, [key]))
        for v in out:
            v.unit, v.unit_name, v.period = unit.code, unit.name, self.period.code
        return out

    def page_data(self, unit: Unit) -> dict:
        """What the entry page's script needs to check values as they are typed."""
        cells = {}
        for c in self.layout.cells:
            setting = self.setting(c.key)
            history = self.history_of(unit, c.key, setting.years)
            ref = reference(history)
            cells[c.kt] = {
                "label": c.label, "measure": c.indicator.measure, "nonneg": c.indicator.non_negative,
                "plaus": setting.as_json(), "ref": None if ref is None else str(ref),
                "history": [[p, format(v.normalize(), "f")] for p, v in history],
            }
        fixed = {key_text(k): str(v) for k, v in self.values(unit).items() if k not in self.layout.by_key}
        from bacthang.lib.numbers import MAX_ABS, NOT_A_NUMBER, TOO_LARGE

        from .actions import NEGATIVE

        # The messages of the one parser and of the save path, so that the script (online or
        # offline) says exactly what the server says.
        messages = {"notNumber": NOT_A_NUMBER, "tooLarge": TOO_LARGE, "negative": NEGATIVE, "maxAbs": str(MAX_ABS)}
        return {"cells": cells, "rules": [r.as_json() for r in self.rules], "fixed": fixed,
                "totals": self.layout.totals_json(), "messages": messages}
