"""The registries in memory, for the providers.

The engine asks a provider ``covers`` and ``value`` for every unit and option it
rolls up — hundreds of calls for a province.  Instead of querying each time, the
providers read a snapshot of every registry record (a few thousand light tuples at
most), rebuilt when a one-query *signature* changes: count, largest id and latest
``updated_at`` of each registry table, and count and largest id of the units and the
2025 mapping (the territories depend on them) and of the catalogue's options.

Inside a web request the signature is checked on the first call and again after any
write made through ``registries.actions`` (``mark_dirty``), so a page sees the data
as of its start plus its own writes; outside requests (commands, tests, the demo
loader) it is checked on every call.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.signals import request_finished, request_started
from django.db import connection

from engine.providers import computation_id
from engine.tree import UnitTree
from indicators.models import Option
from units.models import Level, Unit, UnitSuccession

from .models import (
    Certification,
    Cooperative,
    CooperativeYear,
    Farm,
    LivestockFacility,
    OcopEvaluation,
    OcopProduct,
    RegistryCoverage,
    RegistryKind,
)

_lock = threading.Lock()
_local = threading.local()
_cached: Snapshot | None = None

_TABLES = [(Unit, False), (UnitSuccession, False), (Option, False), (OcopProduct, True), (OcopEvaluation, True),
           (Cooperative, True), (CooperativeYear, True), (Farm, True), (LivestockFacility, True),
           (Certification, True), (RegistryCoverage, True)]


def signature() -> tuple:
    q = connection.ops.quote_name
    parts = []
    for model, stamped in _TABLES:
        t = q(model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {t})", f"(SELECT MAX({q('id')}) FROM {t})"]
        if stamped:
            parts.append(f"(SELECT MAX({q('updated_at')}) FROM {t})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(str(v) for v in cursor.fetchone())


# --------------------------------------------------------------------------- request scope
def _started(**kwargs):
    _local.in_request, _local.validated = True, False


def _finished(**kwargs):
    _local.in_request, _local.validated = False, False


request_started.connect(_started, dispatch_uid="registries_snapshot_started")
request_finished.connect(_finished, dispatch_uid="registries_snapshot_finished")


def mark_dirty() -> None:
    """A registry was written: the next provider call checks the signature again."""
    _local.validated = False
    _local.computation = None


def current() -> Snapshot:
    global _cached
    if getattr(_local, "in_request", False) and getattr(_local, "validated", False) and _cached is not None:
        return _cached
    computation = computation_id()
    if computation and getattr(_local, "computation", None) == computation and _cached is not None:
        return _cached  # already checked during this engine computation
    sig = signature()
    with _lock:
        if _cached is None or _cached.sig != sig:
            _cached = Snapshot(sig, UnitTree.current())
        snap = _cached
    if getattr(_local, "in_request", False):
        _local.validated = True
    _local.computation = computation
    return snap


# --------------------------------------------------------------------------- the snapshot
@dataclass
class Snapshot:
    sig: tuple
    tree: UnitTree
    _data: dict = field(default_factory=dict)
    _territories: dict[int, frozenset[int]] = field(default_factory=dict)

    # ------------------------------------------------------------------ territory
    def _subtree(self, unit_id: int) -> set[int]:
        out, stack = set(), [unit_id]
        while stack:
            pk = stack.pop()
            if pk in out:
                continue
            out.add(pk)
            stack.extend(k.pk for k in self.tree.children.get(pk, []))
        return out

    def territory(self, unit: Unit) -> frozenset[int]:
        """Ids of the units whose records belong to ``unit`` (see ``registries.territory``)."""
        found = self._territories.get(unit.pk)
        if found is not None:
            return found
        inside = self._subtree(unit.pk)
        ids = set(inside)
        singles = set()
        for pk in inside:
            for pred in self.tree.predecessors.get(pk, []):
                if pred not in ids:
                    ids |= self._subtree(pred)
            singles.update(self.tree.successors.get(pk, []))
        ids |= singles
        result = frozenset(ids)
        self._territories[unit.pk] = result
        return result

    def unit(self, pk: int) -> Unit | None:
        return self.tree.units.get(pk)

    # ------------------------------------------------------------------ coverage
    def coverage(self, registry: str) -> dict[str, dt.date | None]:
        key = ("coverage", registry)
        if key not in self._data:
            self._data[key] = {code: (since, until) for code, since, until in RegistryCoverage.objects.filter(
                register=registry).values_list("unit__code", "since", "until")}
        return self._data[key]

    def declaration(self, registry: str, code: str) -> tuple[bool, dt.date | None, dt.date | None]:
        """(declared on the unit or an ancestor, since, until) — the nearest declaration."""
        declared = self.coverage(registry)
        for c in reversed(ancestors(code)):
            if c in declared:
                return True, *declared[c]
        return False, None, None

    def record_codes(self, registry: str) -> set[str]:
        """Codes of the units that hold at least one record of the registry."""
        key = ("codes", registry)
        if key not in self._data:
            rows = {RegistryKind.OCOP: self.ocop_products, RegistryKind.COOPERATIVE: self.cooperatives,
                    RegistryKind.FARM: self.farms, RegistryKind.LIVESTOCK: self.facilities,
                    RegistryKind.CERTIFICATION: self.certifications}[registry]()
            self._data[key] = {self.tree.units[r["unit_id"]].code for r in rows if r["unit_id"] in self.tree.units}
        return self._data[key]

    def declared_for(self, registry: str, code: str, day: dt.date) -> bool | None:
        """Rule 1: True if a declaration covers the unit on ``day``; False if the nearest one
        starts later or ended earlier; None if there is none, or if records of the registry
        sit on a unit above this one inside the declared territory (they cannot be placed in it)."""
        found, since, until = self.declaration(registry, code)
        if not found:
            return None
        if (since is not None and since > day) or (until is not None and until < day):
            return False
        declared_at = next(c for c in reversed(ancestors(code)) if c in self.coverage(registry))
        above = [c for c in ancestors(code)[:-1] if len(c) >= len(declared_at)]
        if any(c in self.record_codes(registry) for c in above):
            return None
        return True

    def covers(self, registry: str, unit: Unit, day: dt.date) -> bool:
        """The rule of ``registries.territory`` (module docstring), in memory."""
        declared = self.declared_for(registry, unit.code, day)
        if declared is not None:
            return declared
        if unit.valid_from and unit.level == Level.COMMUNE:
            preds = [self.unit(pk) for pk in self.tree.predecessors.get(unit.pk, [])]
            if preds and all(p is not None and self.declared_for(registry, p.code, day) for p in preds):
                return True
        if unit.level == Level.PROVINCE:
            return False
        return any(start is None or start <= day for start in self.starts(registry, unit))

    def starts(self, registry: str, unit: Unit) -> list[dt.date | None]:
        """When each record of the territory began (None: not known)."""
        area = self.territory(unit)
        if registry == RegistryKind.OCOP:
            out = []
            for p in self.ocop_products():
                if p["unit_id"] in area:
                    days = [d for e in self.ocop_evaluations().get(p["id"], [])
                            for d in (e["decision_date"], e["evaluated_on"], e["proposed_on"]) if d]
                    if days:
                        out.append(min(days))
            return out
        rows, start = {RegistryKind.COOPERATIVE: (self.cooperatives, "founded_on"),
                       RegistryKind.FARM: (self.farms, "started_on"),
                       RegistryKind.LIVESTOCK: (self.facilities, "started_on"),
                       RegistryKind.CERTIFICATION: (self.certifications, "valid_from")}[registry]
        return [r[start] for r in rows() if r["unit_id"] in area]

    # ------------------------------------------------------------------ records
    def _rows(self, key: str, qs, fields: list[str]) -> list[dict]:
        if key not in self._data:
            self._data[key] = list(qs.values(*fields))
        return self._data[key]

    def ocop_products(self) -> list[dict]:
        return self._rows("ocop", OcopProduct.objects.order_by(),
                          ["id", "unit_id", "owner_kind", "cooperative_id", "owner_name", "revoked_on",
                           "is_placeholder"])

    def ocop_evaluations(self) -> dict[int, list[dict]]:
        if "ocop_eval" not in self._data:
            by_product: dict[int, list[dict]] = defaultdict(list)
            for e in OcopEvaluation.objects.order_by("product_id", "id").values(
                    "id", "product_id", "result", "proposed_on", "proposed_stars", "evaluated_on", "decision_date",
                    "stars", "valid_until"):
                by_product[e["product_id"]].append(e)
            self._data["ocop_eval"] = dict(by_product)
        return self._data["ocop_eval"]

    def cooperatives(self) -> list[dict]:
        return self._rows("coop", Cooperative.objects.order_by(),
                          ["id", "unit_id", "kind", "field", "founded_on", "stopped_on"])

    def coop_years(self) -> dict[tuple[int, int], dict]:
        if "coop_years" not in self._data:
            self._data["coop_years"] = {
                (y["cooperative_id"], y["year"]): y
                for y in CooperativeYear.objects.values("cooperative_id", "year", "revenue", "member_income")}
        return self._data["coop_years"]

    def farms(self) -> list[dict]:
        return self._rows("farm", Farm.objects.order_by(),
                          ["id", "unit_id", "farm_type", "started_on", "stopped_on", "area_ha", "workers"])

    def facilities(self) -> list[dict]:
        return self._rows("facility", LivestockFacility.objects.order_by(),
                          ["id", "unit_id", "species", "started_on", "stopped_on"])

    def certifications(self) -> list[dict]:
        return self._rows("cert", Certification.objects.order_by(),
                          ["id", "unit_id", "standard", "sector", "area_ha", "volume_m3", "valid_from",
                           "valid_until", "revoked_on"])

    def in_territory(self, rows: list[dict], unit: Unit) -> list[dict]:
        area = self.territory(unit)
        return [r for r in rows if r["unit_id"] in area]


def ancestors(code: str) -> list[str]:
    """'12.105.03409' -> ['12', '12.105', '12.105.03409']."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
