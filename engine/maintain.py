"""Incremental maintenance of the roll-up nodes (``engine.models.Node``).

Called by the data-value write path around each batch, inside its transaction:
``before`` computes, from the stored values as they are, the own value of every
(indicator, option or total, unit, bucket) the batch touches; ``after`` computes
them again and pushes the differences up the unit tree: a parent's children sum
changes by the child's change; its value — own value, else (for a total) the sum of
its options, else the children's sum or average — is recomputed, and a change of
value goes on to the grandparent, up to the province.  Own values come from the
engine's own rules (``Engine._own_time``, ``Engine._own``), so the nodes and the
engine cannot disagree on them; ``engine/tests/test_nodes.py`` checks that reading
nodes gives the same figures as recomputing from the stored values.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from datavalues.models import DataValue
from indicators.models import Aggregation, IndicatorKind, TimeAggregation
from periods.codes import HALF, MONTH, QUARTER, SEASON, YEAR
from periods.models import Period

from .models import Node
from .rollup import Engine

Q6 = Decimal("0.000001")


def bucket_codes(period) -> list[str]:
    """The period and the standard periods containing it whose nodes it feeds."""
    y, t, code = period.year, period.period_type, period.code
    if t == MONTH:
        m = int(code[4:])
        return [code, f"{y}Q{(m - 1) // 3 + 1}", f"{y}S{1 if m <= 6 else 2}", str(y)]
    if t == QUARTER:
        q = int(code[-1])
        return [code, f"{y}S{1 if q <= 2 else 2}", str(y)]
    if t in (HALF, SEASON):
        return [code, str(y)]
    if t == YEAR:
        return [code]
    return []  # terms are read from their years at query time


class NodeState:
    """A node's fields during propagation (cheaper than a model instance; written with SQL)."""

    __slots__ = ("pk", "indicator_id", "option_key", "unit_id", "period_id", "own", "children_sum",
                 "children_count", "value")

    def __init__(self, pk, indicator_id, option_key, unit_id, period_id, own=None, children_sum=Decimal(0),
                 children_count=0, value=None):
        self.pk, self.indicator_id, self.option_key = pk, indicator_id, option_key
        self.unit_id, self.period_id = unit_id, period_id
        self.own, self.children_sum, self.children_count, self.value = own, children_sum, children_count, value

    def children_value(self, average: bool) -> Decimal | None:
        return Node.children_value(self, average)


def _dec(v) -> Decimal | None:
    """A decimal column read with a raw cursor (SQLite may hand back a float or a string)."""
    if v is None or isinstance(v, Decimal):
        return v
    return Decimal(str(v)).quantize(Q6)


def _q(v: Decimal | None) -> Decimal | None:
    return None if v is None else Decimal(v).quantize(Q6)


class Maintainer:
    """One instance per written batch: ``before(changes)``, the write, then ``after()``."""

    def __init__(self):
        self.engine = Engine(use_nodes=False)
        self.keys: set[tuple] = set()
        self.old: dict[tuple, Decimal | None] = {}

    def before(self, changes) -> Maintainer | None:
        e = self.engine
        changes = list(changes)
        for p in Period.objects.for_codes({c for ch in changes for c in bucket_codes(ch.period)}).values():
            e.period(p)
        for ch in changes:
            ind = e.indicator(ch.indicator)
            if ind.kind == IndicatorKind.FORMULA:
                continue
            unit = e.unit(ch.unit.code)
            options = {ch.option.id if ch.option else None}
            # A unit without children: a whole whose parts add up is their sum, and its total
            # is its top options' sum — so a change of a part may change both.
            option = next((o for o in e.options(ind) if o.id == ch.option.id), None) if ch.option else None
            while option is not None and option.part_of_id is not None:
                whole = next((o for o in e.options(ind) if o.id == option.part_of_id), None)
                if whole is None or not whole.parts_add_up:
                    break
                options.add(whole.id)
                option = whole
            if option is not None and option.part_of_id is None and ind.options_add_up:
                options.add(None)
            for code in bucket_codes(ch.period):
                period = e.period(code)
                for opt in options:
                    self.keys.add((ind.id, opt, unit.id, period.id))
        if not self.keys:
            return None
        self.old = self._own_values(e)
        return self

    def _own_values(self, e: Engine) -> dict[tuple, Decimal | None]:
        wanted: dict[tuple[int, int], set[int]] = defaultdict(set)
        for ind_id, _, unit_id, period_id in self.keys:
            wanted[(ind_id, unit_id)].add(e._periods[period_id].year)
        e.preload_series_years(wanted)
        indicators = {i.id: i for i in e._indicators.values()}
        out = {}
        for ind_id, opt_id, unit_id, period_id in self.keys:
            ind = indicators[ind_id]
            opt = next(o for o in e.options(ind) if o.id == opt_id) if opt_id else None
            unit, period = e._units[unit_id], e._periods[period_id]
            if e._children.get(unit_id):
                r = e._own_time(ind, opt, unit, period)  # a parent's node keeps only what it states itself
            else:
                r = e._own(ind, opt, unit, period)
            out[(ind_id, opt_id, unit_id, period_id)] = None if r is None else _q(r.value)
        return out

    def after(self) -> None:
        fresh = Engine(use_nodes=False)
        for name in ("_loaded_provinces", "_periods", "_period_codes", "_indicators", "_options"):
            setattr(fresh, name, getattr(self.engine, name))
        new = self._own_values(fresh)
        changed = {k: (self.old.get(k), v) for k, v in new.items() if self.old.get(k) != v}
        if changed:
            Propagation(self.engine, changed).run()


class Propagation:
    """Apply own-value changes to the nodes and push value changes up the unit tree."""

    def __init__(self, engine: Engine, own_changes: dict[tuple, tuple]):
        self.e = engine
        self.own_changes = own_changes
        self.indicators = {i.id: i for i in engine._indicators.values()}
        self.top_options = {
            i.id: [o.id for o in engine.options(i) if o.part_of_id is None]
            for i in self.indicators.values() if i.disaggregation_id and i.options_add_up
        }
        # Wholes whose parts add up: (indicator id, whole id) -> part ids, and each part's whole.
        self.parts: dict[tuple, list[int]] = {}
        self.whole_of: dict[tuple, int] = {}
        self.part_depth: dict[tuple, int] = {}
        for i in self.indicators.values():
            options = engine.options(i)
            by_id = {o.id: o for o in options}
            for o in options:
                depth, up = 0, o
                while up.part_of_id and up.part_of_id in by_id:
                    depth, up = depth + 1, by_id[up.part_of_id]
                self.part_depth[(i.id, o.id)] = depth
                if o.part_of_id and o.part_of_id in by_id and by_id[o.part_of_id].parts_add_up:
                    self.parts.setdefault((i.id, o.part_of_id), []).append(o.id)
                    self.whole_of[(i.id, o.id)] = o.part_of_id
        self.nodes: dict[tuple, NodeState] = {}
        self.touched: dict[tuple, NodeState] = {}
        self.by_depth: dict[int, dict[tuple, list]] = defaultdict(dict)
        self.depth = {pk: u.code.count(".") for pk, u in engine._units.items()}

    def _load(self) -> None:
        """Load exactly the nodes the changes can reach: each changed unit and its ancestors,
        for the changed indicator and bucket (options and totals alike)."""
        from django.db import connection

        units = self.e._units
        wanted: set[tuple] = set()
        for ind_id, _, unit_id, period_id in self.own_changes:
            u = units[unit_id]
            while u is not None:
                wanted.add((ind_id, period_id, u.id))
                u = units.get(u.parent_id) if u.parent_id else None
        table = connection.ops.quote_name(Node._meta.db_table)
        cols = "id, indicator_id, option_key, unit_id, period_id, own, children_sum, children_count, value"
        groups: dict[tuple, list[int]] = defaultdict(list)
        for ind_id, period_id, unit_id in sorted(wanted):
            groups[(ind_id, period_id)].append(unit_id)
        items = list(groups.items())
        with connection.cursor() as cur:
            for start in range(0, len(items), 100):
                chunk = items[start:start + 100]
                where = " OR ".join(
                    f"(indicator_id = %s AND period_id = %s AND unit_id IN ({', '.join(['%s'] * len(u))}))"
                    for _, u in chunk)
                params = [x for (i, p), u in chunk for x in (i, p, *u)]
                cur.execute(f"SELECT {cols} FROM {table} WHERE {where}", params)
                for pk, ind_id, opt_key, unit_id, period_id, own, csum, count, value in cur.fetchall():
                    n = NodeState(pk, ind_id, opt_key, unit_id, period_id, _dec(own), _dec(csum), count, _dec(value))
                    self.nodes[(ind_id, opt_key, unit_id, period_id)] = n

    def node(self, key: tuple) -> NodeState:
        n = self.nodes.get(key)
        if n is None:
            n = NodeState(None, *key)
            self.nodes[key] = n
        self.touched[key] = n
        return n

    def recompute(self, n: NodeState) -> None:
        if n.own is not None:
            n.value = n.own
            return
        top = self.top_options.get(n.indicator_id) if n.option_key == 0 else None
        if top:
            values = [o.value for o in (self.nodes.get((n.indicator_id, k, n.unit_id, n.period_id)) for k in top)
                      if o is not None and o.value is not None]
            if values:
                n.value = _q(sum(values, Decimal(0)))
                return
        parts = self.parts.get((n.indicator_id, n.option_key)) if n.option_key else None
        if parts:
            nodes = [self.nodes.get((n.indicator_id, k, n.unit_id, n.period_id)) for k in parts]
            if all(p is not None and p.value is not None for p in nodes):
                n.value = _q(sum((p.value for p in nodes), Decimal(0)))
                return
        average = self.indicators[n.indicator_id].aggregation == Aggregation.AVERAGE
        n.value = _q(n.children_value(average))

    def record(self, key, old, new) -> None:
        entry = self.by_depth[self.depth[key[2]]].get(key)
        if entry is None:
            self.by_depth[self.depth[key[2]]][key] = [old, new]
        else:
            entry[1] = new

    def settle(self, dirty: dict[tuple, Decimal | None]) -> None:
        """Recompute dirty nodes (``key -> value before``): options first, then the totals
        their options feed; record the value changes for the next level up."""
        totals = {}
        # Options deepest in the part tree first: a part before the whole it adds up to.
        by_depth: dict[int, dict[tuple, Decimal | None]] = defaultdict(dict)
        for key, before in dirty.items():
            if key[1] == 0:
                totals.setdefault(key, before)
            else:
                by_depth[self.part_depth.get((key[0], key[1]), 0)][key] = before
        for depth in range(max(by_depth, default=-1), -1, -1):
            for key, before in by_depth[depth].items():
                n = self.nodes[key]
                self.recompute(n)
                self.record(key, before, n.value)
                whole = self.whole_of.get((key[0], key[1]))
                if whole is not None:
                    whole_key = (key[0], whole, key[2], key[3])
                    level = by_depth[depth - 1]
                    if whole_key not in level:
                        level[whole_key] = self.node(whole_key).value
                elif key[0] in self.top_options:
                    total_key = (key[0], 0, key[2], key[3])
                    if total_key not in totals:
                        totals[total_key] = self.node(total_key).value
        for key, before in totals.items():
            n = self.node(key)
            self.recompute(n)
            self.record(key, before, n.value)

    def run(self) -> None:
        self._load()
        e = self.e
        dirty: dict[tuple, Decimal | None] = {}
        for (ind_id, opt_id, unit_id, period_id), (old, new) in self.own_changes.items():
            key = (ind_id, opt_id or 0, unit_id, period_id)
            if e._children.get(unit_id):
                n = self.node(key)
                dirty.setdefault(key, n.value)
                n.own = new
            else:
                self.record(key, old, new)
        self.settle(dirty)
        for depth in range(max(self.by_depth, default=0), 0, -1):  # deepest first; parents are added as we go
            dirty = {}
            for (ind_id, opt_key, unit_id, period_id), (old, new) in list(self.by_depth[depth].items()):
                if old == new:
                    continue
                ind = self.indicators[ind_id]
                unit = e._units[unit_id]
                if ind.aggregation == Aggregation.NONE or not unit.parent_id or unit.parent_id not in e._units:
                    continue
                period = e._periods[period_id]
                if ind.time_aggregation == TimeAggregation.STOCK:
                    counted = unit.is_valid_on(period.end)
                else:
                    counted = unit.is_valid_during(period.start, period.end)
                if not counted:
                    continue
                key = (ind_id, opt_key, unit.parent_id, period_id)
                parent = self.node(key)
                dirty.setdefault(key, parent.value)
                parent.children_sum = parent.children_sum + (new or Decimal(0)) - (old or Decimal(0))
                parent.children_count += (new is not None) - (old is not None)
            self.settle(dirty)
        self._save()

    def _save(self) -> None:
        """Write the touched nodes with plain executemany statements (nodes are internal:
        no validation or signals to run, and this is the hot path of every bulk write)."""
        from django.db import connection

        def alive(n: NodeState) -> bool:
            return n.own is not None or n.children_count > 0

        def num(v):
            return None if v is None else str(v)

        table = connection.ops.quote_name(Node._meta.db_table)
        creates = [n for n in self.touched.values() if n.pk is None and alive(n)]
        updates = [n for n in self.touched.values() if n.pk is not None and alive(n)]
        deletes = [(n.pk,) for n in self.touched.values() if n.pk is not None and not alive(n)]
        with connection.cursor() as cur:
            if creates:
                cur.executemany(
                    f"INSERT INTO {table} (indicator_id, option_key, unit_id, period_id, own, children_sum, "
                    "children_count, value) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [(n.indicator_id, n.option_key, n.unit_id, n.period_id, num(n.own), num(n.children_sum),
                      n.children_count, num(n.value)) for n in creates])
            if updates:
                cur.executemany(
                    f"UPDATE {table} SET own = %s, children_sum = %s, children_count = %s, value = %s WHERE id = %s",
                    [(num(n.own), num(n.children_sum), n.children_count, num(n.value), n.pk) for n in updates])
            if deletes:
                cur.executemany(f"DELETE FROM {table} WHERE id = %s", deletes)


def rebuild(indicator_codes: list[str] | None = None, progress=lambda m: None) -> int:
    """Recompute the nodes from the stored values (after a load outside the write path,
    or to repair).  Works province by province and indicator by indicator, as if every
    stored value had just been written.  Returns the number of stored values read."""
    from django.db import transaction

    from indicators.models import Indicator

    indicators = Indicator.objects.exclude(kind=IndicatorKind.FORMULA)
    if indicator_codes:
        indicators = indicators.filter(code__in=indicator_codes)
    total = 0
    for ind in indicators:
        with transaction.atomic():
            Node.objects.filter(indicator=ind).delete()
            values = (DataValue.objects.filter(indicator=ind)
                      .select_related("unit", "period", "option").order_by("unit__code"))
            by_province: dict[str, list] = defaultdict(list)
            for v in values.iterator(chunk_size=5000):
                by_province[v.unit.code.split(".")[0]].append(v)
            for rows in by_province.values():
                m = Maintainer()
                m.engine.indicator(ind)
                changes = [_Written(ind, v.option, v.unit, v.period) for v in rows]
                m.before(changes)
                m.old = {}  # no node exists any more: every own value is new
                m.after()
                total += len(rows)
        progress(f"{ind.code}: {total} số liệu")
    return total


class _Written:
    """The shape of a FigureChange that the maintainer reads."""

    def __init__(self, indicator, option, unit, period):
        self.indicator, self.option, self.unit, self.period = indicator, option, unit, period


class WriteListener:
    """Hooked into ``datavalues.writing`` for data values (targets have no roll-up nodes)."""

    def before(self, model, changes):
        if model is not DataValue:
            return None
        return Maintainer().before(changes)

    def after(self, state) -> None:
        if state is not None:
            state.after()
