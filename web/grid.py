"""The commune table: every indicator of a report form (or of an indicator group when
no form is defined) for every commune of a unit, in one grid — what officials keep in
Excel today — and its Excel export.

Columns come from ``collection.models.ReportForm`` (read only) when that app defines
forms for communes; otherwise from an indicator group of the catalogue, optionally
narrowed to one option (``CROP.TEA``: every crop indicator for tea).  Every cell is
``Engine().value``: one engine for the whole grid, so the values are loaded once per
indicator and province, never per commune.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError
from django.db.models import Q

from engine.results import Result
from engine.rollup import Engine
from indicators.models import Group, Indicator
from indicators.visibility import indicators_for_unit
from periods.codes import TERM
from periods.models import Period
from units.models import Level, Unit, UnitSuccession, structure_day

from .figures import units_in_structure


@dataclass(frozen=True)
class Column:
    indicator: Indicator
    option: object  # indicators.models.Option or None
    label: str
    section: str = ""

    @property
    def measure(self) -> str:
        return self.indicator.measure

    @property
    def header(self) -> str:
        return f"{self.label} ({self.measure})" if self.measure else self.label


@dataclass
class GridRow:
    unit: Unit
    parent_name: str
    cells: list[Result]


@dataclass
class Grid:
    unit: Unit
    period: Period
    structure: str
    columns: list[Column]
    rows: list[GridRow]
    total: GridRow
    show_parent: bool

    @property
    def unit_name(self) -> str:
        """The unit's name in the structure shown (80 is Long An before 01/07/2025)."""
        return self.unit.name_on(structure_day(self.structure))

    @property
    def filled(self) -> int:
        """Communes with at least one figure."""
        return sum(1 for r in self.rows if any(c.value is not None for c in r.cells))


# ---------------------------------------------------------------------- columns
def report_forms(unit: Unit) -> list:
    """Active commune report forms of the collection app that concern the unit ([] when none)."""
    try:
        from collection.models import ReportForm
    except ImportError:  # the collection app has no forms (yet)
        return []
    try:
        forms = list(ReportForm.objects.filter(is_active=True, level=Level.COMMUNE).select_related("root_unit"))
    except DatabaseError:  # tables not migrated yet
        return []
    return [f for f in forms if f.root_unit is None or f.root_unit.contains(unit) or unit.contains(f.root_unit)]


def form_columns(form) -> list[Column]:
    from collection.models import FormRow

    columns = []
    rows = (FormRow.objects.filter(form=form).select_related("indicator", "indicator__disaggregation")
            .prefetch_related("options").order_by("sort_order", "id"))
    for row in rows:
        title = row.label or row.indicator.name
        columns.append(Column(row.indicator, None, title, row.section))
        for opt in sorted(row.options.all(), key=lambda o: (o.sort_order, o.code)):
            columns.append(Column(row.indicator, opt, f"{title} — {opt.name}", row.section))
    return columns


def group_options(engine: Engine, group: str, unit: Unit | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The options that can narrow a group's grid, by disaggregation: [(name, [(key, label)])]."""
    seen: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for ind in _group_indicators(group, unit):
        d = ind.disaggregation
        if d is None or d.pk in seen:
            continue
        seen[d.pk] = (d.name, [(f"{d.code}.{o.code}", o.name) for o in engine.options(ind)])
    return list(seen.values())


def _group_indicators(group: str, unit: Unit | None = None) -> list[Indicator]:
    """The group's active indicators (of the unit's catalogue: national and its province's)."""
    qs = Indicator.objects.filter(group=group, is_active=True)
    if unit is not None:
        qs = indicators_for_unit(unit, qs)
    return list(qs.select_related("disaggregation").order_by("sort_order", "code"))


def group_columns(engine: Engine, group: str, option_key: str | None, unit: Unit | None = None) -> list[Column]:
    """Each indicator of the group (its total), or, narrowed to ``DISAGG.OPTION``, each
    indicator of the group that has that option."""
    group_label = dict(Group.choices).get(group, group)
    columns = []
    disagg_code, _, option_code = (option_key or "").partition(".")
    for ind in _group_indicators(group, unit):
        if option_code:
            if ind.disaggregation is None or ind.disaggregation.code != disagg_code:
                continue
            opt = next((o for o in engine.options(ind) if o.code == option_code), None)
            if opt is None:
                continue
            columns.append(Column(ind, opt, f"{ind.name} — {opt.name}", str(group_label)))
        else:
            columns.append(Column(ind, None, ind.name, str(group_label)))
    return columns


# ---------------------------------------------------------------------- grid
def build_grid(engine: Engine, unit: Unit, period: Period, structure: str, columns: list[Column],
               allowed=None) -> Grid:
    """``allowed``: a function keeping the communes the user may read (all when None)."""
    communes = units_in_structure(unit, structure, communes=True)
    if unit.level == Level.COMMUNE and not communes:
        communes = [unit]
    if allowed is not None:
        communes = allowed(communes)
    parents = {u.pk: u for u in Unit.objects.filter(pk__in={c.parent_id for c in communes if c.parent_id})}
    show_parent = len({c.parent_id for c in communes}) > 1 and any(p.level == Level.DISTRICT
                                                                  for p in parents.values())
    _preload(engine, columns, [*communes, unit], period)
    rows = []
    for c in communes:
        parent = parents.get(c.parent_id)
        cells = [engine.value(col.indicator, c, period, col.option) for col in columns]
        rows.append(GridRow(c, parent.name if parent and parent.level == Level.DISTRICT else "", cells))
    rows.sort(key=lambda r: (r.parent_name, r.unit.code))
    total = GridRow(unit, "", [engine.value(col.indicator, unit, period, col.option) for col in columns])
    return Grid(unit, period, structure, columns, rows, total, show_parent)


def _preload(engine: Engine, columns: list[Column], units: list[Unit], period: Period) -> None:
    """Load the stored values of every column at every row in one query, where the engine
    offers it (otherwise it loads them by province or by group of sibling units)."""
    preload = getattr(engine, "preload_raw", None)
    if preload is None or not columns:
        return
    ids = {c.indicator.pk for c in columns}
    for c in columns:
        if c.indicator.formula:
            ids |= {engine.indicator(ref).pk for ref in _formula_refs(c.indicator)}
    unit_ids = {u.pk for u in units}
    # The units on the other side of the 2025 reform, whose values a unit of this
    # structure may be made of (a new commune asked for 2023 = its old communes).
    for pred, succ in UnitSuccession.objects.filter(Q(predecessor_id__in=unit_ids) | Q(successor_id__in=unit_ids)) \
            .values_list("predecessor_id", "successor_id"):
        unit_ids |= {pred, succ}
    years = None if period.period_type == TERM else [period.year]
    preload(ids, unit_ids, years)


def _formula_refs(indicator: Indicator) -> set[str]:
    from indicators.formula import parse_formula

    return set(parse_formula(indicator.formula).references)


def grid_sheet(grid: Grid) -> tuple[list[str], list[list]]:
    """Headers and rows of the Excel export (numbers stay numbers)."""
    headers = ["Mã đơn vị", "Đơn vị"] + (["Thuộc huyện/thành phố"] if grid.show_parent else [])
    headers += [c.header for c in grid.columns]

    def cells(row: GridRow) -> list:
        return [None if r.value is None else Decimal(r.value) for r in row.cells]

    rows = []
    for r in grid.rows:
        rows.append([r.unit.code, r.unit.name] + ([r.parent_name] if grid.show_parent else []) + cells(r))
    rows.append([grid.unit.code, f"Cả {grid.unit_name}"] + ([""] if grid.show_parent else []) + cells(grid.total))
    return headers, rows
