"""Which records belong to a unit's territory, across the 2025 reform, and whether a
unit keeps a registry.

**Territory.** A record stays on the unit it was entered on.  The records of a unit
``U`` are those on ``U``'s subtree (both structures: the province ``12`` holds its
old districts, old communes and new communes), plus, across the reform:

* the subtree of every unit merged into a unit of ``U``'s subtree (a new commune
  counts the records of the old communes merged into it; the new Tuyên Quang ``08``
  counts everything recorded under Hà Giang ``02``);
* every unit that inherited territory from a unit of ``U``'s subtree (an old
  commune or district asked about counts the records entered on the new commune that
  took it over).

One step is taken each way, and each record is counted once per unit.  An old
commune split among several new communes counts in each of them (the system cannot
tell in which part a record lies — put the record on the new commune to be exact);
records kept on an old *district* (when the documents only know the district) cannot
be attributed to a new commune and count only for the district and the province.

**Coverage** (``covers``): a unit keeps a registry — its figures are counted from the
records and hand-entered figures are refused — when, for the period's last day ``d``:

1. a ``RegistryCoverage`` declaration for that registry exists on the unit or one of
   its ancestors (the nearest one counts) with an empty ``since`` or ``since <= d``
   and an empty ``until`` or ``until >= d``; a declaration whose ``since`` is later
   than ``d`` says the registry was not yet complete (one whose ``until`` is earlier,
   that it is no longer known to be), and the unit is then not covered whatever the
   rules below say.  A unit
   below the declared one is not covered by the declaration when records of that
   registry sit on a unit above it inside the declared territory (the 40 OCOP
   products the seeds only place in the city cannot be counted for any ward); or
2. the unit is a new commune whose predecessors are all covered by (1); or
3. the unit is below the province (a district or a commune) and its territory holds
   at least one record of that registry that had begun by ``d`` (a record with no
   start date counts as begun).

A province is covered only by a declaration: a province-wide count (the 183 HTX of
Lai Châu) usually comes from the districts' reports, and the records of one city must
not replace it.  A unit that is not covered keeps its reported figures; its covered
children still count from their records when the engine rolls them up.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from units.models import Unit, UnitSuccession


def _inside(code: str, root: str) -> bool:
    return code == root or code.startswith(root + ".")


def _prune(codes: set[str]) -> list[str]:
    """Drop codes that lie under another code of the set."""
    kept: list[str] = []
    for code in sorted(codes, key=lambda c: (c.count("."), c)):
        if not any(_inside(code, k) for k in kept):
            kept.append(code)
    return sorted(kept)


def relatives(unit: Unit) -> tuple[list[str], list[int]]:
    """(codes whose whole subtree belongs to the territory, ids of single units that do)."""
    prefix = unit.code + "."
    rows = UnitSuccession.objects.filter(
        Q(successor__code=unit.code) | Q(successor__code__startswith=prefix)
        | Q(predecessor__code=unit.code) | Q(predecessor__code__startswith=prefix)
    ).values_list("predecessor__code", "successor_id", "successor__code")
    pred_codes, successors = set(), []
    for pred_code, succ_id, succ_code in rows:
        if _inside(succ_code, unit.code):
            pred_codes.add(pred_code)
        if _inside(pred_code, unit.code):
            successors.append((succ_id, succ_code))
    codes = _prune({unit.code} | {c for c in pred_codes if not _inside(c, unit.code)})
    single = sorted({pk for pk, code in successors if not any(_inside(code, c) for c in codes)})
    return codes, single


def territory_q(unit: Unit, field: str = "unit") -> Q:
    """A filter on ``field`` (a foreign key to Unit; empty for Unit itself) selecting the unit's territory."""
    codes, single = relatives(unit)
    prefix = f"{field}__" if field else ""
    q = Q()
    for code in codes:
        q |= Q(**{f"{prefix}code": code}) | Q(**{f"{prefix}code__startswith": code + "."})
    if single:
        q |= Q(**{f"{field}_id__in" if field else "pk__in": single})
    return q


def covers(registry: str, unit: Unit, day: dt.date) -> bool:
    """Whether ``unit`` keeps ``registry`` on ``day`` (the rule above; computed in memory)."""
    from .snapshot import current

    return current().covers(registry, unit, day)
