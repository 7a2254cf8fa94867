"""Which units' records count for a unit across the 2025 reform, and where every
record of a register is kept (the ``covers`` rule of ``records.providers``).

**Where records are kept — the ``covers`` rule.**  An indicator derived from records
is only right where *every* record of its kind is entered in the system.  Entering
one outbreak does not make a province's outbreak count complete, so coverage is
declared, not guessed: a :class:`records.models.Coverage` says "from
``since`` (until ``until``) all records of register R for unit U are kept in
Bậc Thang".  ``covers(unit, period)`` is True when

1. a scope of the register is in force for the whole period (``since`` ≤ first
   day, ``until`` empty or ≥ last day), and its unit's territory contains ``unit``
   (the unit itself, a unit below it, or — across the reform — a unit on the other
   side lying wholly inside it); and
2. no record of the register dated in the period sits on a unit that contains
   ``unit`` without being inside it (a record placed at the province because the
   document names no commune makes every commune's figure unknown), nor on a unit
   that straddles its border across the reform — unless the record names the
   communes it concerns (``places``) and none of them lies in ``unit``'s territory.

Everywhere else the engine uses reported values as usual.

**Territory across the reform.**  Records stay on the unit they were entered for
(an old commune before 01/07/2025, a new commune after) and move with it: a unit's
territory is its subtree plus the units on the other side of the reform that lie
wholly inside it — for a new commune, the old communes merged into it; for an old
commune or district asked about a later period, the new communes made only of its
old communes; for Tuyên Quang (08), the whole of Hà Giang (02).  An old commune
split among several new ones belongs wholly to none of them; its records make the
new communes' figures unknown (rule 2) rather than being guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from engine.providers import computation_cache
from engine.tree import UnitTree
from units.models import REFORM_DATE, Unit


def _inside(code: str, root: str) -> bool:
    return code == root or code.startswith(root + ".")


def ancestor_codes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


@dataclass
class Territory:
    """The units whose records count for ``unit`` (see the module docstring)."""

    unit: Unit
    extra_ids: set[int] = field(default_factory=set)  # new units wholly inside an old one
    extra_roots: set[str] = field(default_factory=set)  # old units (with their subtree) wholly inside a new one
    partial_ids: set[int] = field(default_factory=set)  # units straddling the border across the reform
    above_codes: set[str] = field(default_factory=set)  # units containing part of the territory

    def q(self, fieldname: str = "unit") -> Q:
        q = Q(**{f"{fieldname}__code": self.unit.code}) | Q(**{f"{fieldname}__code__startswith": self.unit.code + "."})
        if self.extra_ids:
            q |= Q(**{f"{fieldname}_id__in": sorted(self.extra_ids)})
        for root in sorted(self.extra_roots):
            q |= Q(**{f"{fieldname}__code": root}) | Q(**{f"{fieldname}__code__startswith": root + "."})
        return q

    def contains(self, unit: Unit) -> bool:
        return self.holds(unit.code, unit.pk)

    def holds(self, code: str, pk: int) -> bool:
        """Whether the unit with this code and id is inside (what ``q()`` selects)."""
        return (_inside(code, self.unit.code) or pk in self.extra_ids
                or any(_inside(code, r) for r in self.extra_roots))

    def disjoint(self, unit: Unit) -> bool:
        """``unit`` shares no territory with this one."""
        return not (self.contains(unit) or unit.code in self.above_codes or unit.pk in self.partial_ids)

    def contains_code(self, code: str) -> bool:
        return _inside(code, self.unit.code) or any(_inside(code, r) for r in self.extra_roots)


def territory(unit: Unit) -> Territory:
    """The unit's territory across the reform (read-only; memoised within an engine
    computation, where a report asks for the same units many times)."""
    return memo(("territory", unit.pk), lambda: _territory(unit))


def _territory(unit: Unit) -> Territory:
    """From the unit tree in memory (``engine.tree``): the successions touching the
    subtree, then the other ends' successions."""
    tree = memo(("unit-tree",), UnitTree.current)
    t = Territory(unit)
    t.above_codes.update(ancestor_codes(unit.code))
    root = unit.code
    units = tree.units
    sub_ids, stack = set(), [unit.pk]
    while stack:
        pk = stack.pop()
        if pk not in sub_ids:
            sub_ids.add(pk)
            stack.extend(k.pk for k in tree.children.get(pk, ()))
    forward: dict[int, tuple[str, dt.date | None]] = {}
    backward: dict[int, str] = {}
    for pk in sub_ids:
        for s in tree.successors.get(pk, ()):
            if not _inside(units[s].code, root):
                forward[s] = (units[s].code, units[s].valid_from)
        for p in tree.predecessors.get(pk, ()):
            if not _inside(units[p].code, root):
                backward[p] = units[p].code
    if not forward and not backward:
        return t
    preds = {s: [units[p].code for p in tree.predecessors.get(s, ())] for s in forward}
    succs = {p: [units[s].code for s in tree.successors.get(p, ())] for p in backward}
    for s, (_scode, sfrom) in forward.items():
        made_only_of_ours = all(_inside(c, root) for c in preds.get(s, []))
        if made_only_of_ours and sfrom is not None and sfrom >= REFORM_DATE:
            t.extra_ids.add(s)
        else:
            t.partial_ids.add(s)
    for p, pcode in backward.items():
        if all(_inside(c, root) for c in succs.get(p, [])):
            t.extra_roots.add(pcode)
            t.above_codes.update(ancestor_codes(pcode))
        else:
            t.partial_ids.add(p)
    t.above_codes = {c for c in t.above_codes if not t.contains_code(c)}
    return t


def memo(key, compute):
    """``compute()`` once per key within an engine computation; every call outside one."""
    cache = computation_cache()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]

