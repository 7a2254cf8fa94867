"""The unit hierarchy in memory, shared by every Engine of the process.

Loading the ~14.000 units of both structures and the reform mapping takes a few
hundred milliseconds; they change only when ``load_units`` runs or an admin edits a
unit.  ``UnitTree.current()`` reloads when a cheap signature (count and largest id
of units and successions) changes, so a request never sees a stale tree.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.db.models import Count, Max

from units.models import Unit, UnitSuccession

_lock = threading.Lock()
_cached: tuple | None = None  # (signature, tree)


class UnitTree:
    def __init__(self):
        self.units: dict[int, Unit] = {}
        self.by_code: dict[str, Unit] = {}
        self.children: dict[int, list[Unit]] = defaultdict(list)
        self.successors: dict[int, list[int]] = defaultdict(list)
        self.predecessors: dict[int, list[int]] = defaultdict(list)
        self.parents_by_province: dict[str, list[int]] = defaultdict(list)
        self.related_provinces: dict[str, set[str]] = defaultdict(set)
        # (unit id, period start, period end, stock?) -> children counted for that period; filled by the
        # engines as they ask (a dict write is atomic, and the value is always the same)
        self.children_in_period: dict[tuple, list[Unit]] = {}

    @classmethod
    def load(cls) -> UnitTree:
        tree = cls()
        for u in Unit.objects.all().order_by("code"):
            tree.units[u.pk] = u
            tree.by_code[u.code] = u
        for u in tree.units.values():
            if u.parent_id:
                tree.children[u.parent_id].append(u)
        for pk, kids in tree.children.items():
            if kids and pk in tree.units:
                tree.parents_by_province[tree.units[pk].code.split(".")[0]].append(pk)
        for pred, succ in UnitSuccession.objects.values_list("predecessor_id", "successor_id").order_by("id"):
            if succ not in tree.successors[pred]:
                tree.successors[pred].append(succ)
                tree.predecessors[succ].append(pred)
            a = tree.units[pred].code.split(".")[0]
            b = tree.units[succ].code.split(".")[0]
            if a != b:
                tree.related_provinces[a].add(b)
                tree.related_provinces[b].add(a)
        return tree

    @staticmethod
    def signature() -> tuple:
        u = Unit.objects.aggregate(n=Count("id"), m=Max("id"))
        s = UnitSuccession.objects.aggregate(n=Count("id"), m=Max("id"))
        return (u["n"], u["m"], s["n"], s["m"])

    @classmethod
    def current(cls) -> UnitTree:
        global _cached
        sig = cls.signature()
        with _lock:
            if _cached is None or _cached[0] != sig:
                _cached = (sig, cls.load())
            return _cached[1]
