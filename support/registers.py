"""What the record-keeping apps (support, capital, works, incidents) share: which
territory a unit's records cover across the 2025 reform, dates known only as a span,
funding sources, the refusal raised by ``do_*`` actions, and the base of their
indicator providers.

**Where records are kept — the ``covers`` rule.**  An indicator derived from records
is only right where *every* record of its kind is entered in the system.  Entering
one outbreak does not make a province's outbreak count complete, so coverage is
declared, not guessed: a :class:`support.models.RegisterScope` says "from
``kept_from`` (until ``kept_to``) all records of register R for unit U are kept in
Bậc Thang".  ``covers(unit, period)`` is True when

1. a scope of the register is in force for the whole period (``kept_from`` ≤ first
   day, ``kept_to`` empty or ≥ last day), and its unit's territory contains ``unit``
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

**Dates known only as a span.**  A document often says "trong tháng 12/2023" or
"giai đoạn 2021-2023".  Each dated fact has the day (``…_on``) and the first possible
day (``…_from``, equal to the day when it is exact).  A record counts in a period
when its whole span lies inside the period; if a record's span only overlaps the
period, the figure is unknown (``None``) and the explanation says which records
could not be placed.  Periods are calendar spans (``Period.start`` – ``Period.end``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from engine.providers import computation_cache
from engine.tree import UnitTree
from periods.models import Period
from units.models import REFORM_DATE, Unit

MONEY = dict(max_digits=18, decimal_places=6)
QUANTITY = dict(max_digits=16, decimal_places=4)


class Register(models.TextChoices):
    SUPPORT = "support", _("Hỗ trợ theo chính sách")
    CAPITAL = "capital", _("Kế hoạch vốn và giải ngân")
    WORKS = "works", _("Công trình hạ tầng")
    ANIMAL_HEALTH = "animal_health", _("Dịch bệnh động vật")
    VACCINATION = "vaccination", _("Tiêm phòng vắc xin cho vật nuôi")
    FOREST = "forest", _("Vi phạm Luật Lâm nghiệp")


class FundingSource(models.TextChoices):
    """Where the money comes from; ``SUPPORT_SOURCE`` groups them (see ``SUPPORT_SOURCE_OPTION``)."""

    CENTRAL = "nstw", _("Ngân sách trung ương")
    PROVINCE = "ns_tinh", _("Ngân sách tỉnh")
    DISTRICT = "ns_huyen", _("Ngân sách huyện, thành phố")
    COMMUNE = "ns_xa", _("Ngân sách xã")
    COMBINED = "long_ghep", _("Lồng ghép các chương trình")
    CREDIT = "tin_dung", _("Vốn vay tín dụng")
    PEOPLE = "xa_hoi_hoa", _("Tổ chức, cá nhân hỗ trợ (xã hội hóa)")
    OTHER = "khac", _("Nguồn khác ngoài ngân sách")
    UNKNOWN = "chua_ro", _("Chưa rõ nguồn")


# The option of the SUPPORT_SOURCE disaggregation each funding source counts in.
SUPPORT_SOURCE_OPTION = {
    FundingSource.CENTRAL: "STATE_BUDGET", FundingSource.PROVINCE: "STATE_BUDGET",
    FundingSource.DISTRICT: "STATE_BUDGET", FundingSource.COMMUNE: "STATE_BUDGET",
    FundingSource.COMBINED: "STATE_BUDGET", FundingSource.CREDIT: "CREDIT",
    FundingSource.PEOPLE: "SOCIAL", FundingSource.OTHER: "SOCIAL",
}


def sources_in(option: str) -> list[str]:
    return [s for s, o in SUPPORT_SOURCE_OPTION.items() if o == option]


class Refused(Exception):
    """A ``do_*`` action refused: nothing was written.  ``reasons`` are Vietnamese sentences."""

    def __init__(self, reasons: list[str] | str):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__(" ".join(self.reasons))


# --------------------------------------------------------------------------- dates


def fields_of(prefix: str) -> tuple[str, str]:
    """The (first day, day) fields of a dated fact: ``decided`` -> (decided_from, decided_on)."""
    return f"{prefix}_from", f"{prefix}_on"


def span_inside(span: tuple[str, str], period: Period) -> Q:
    """Records whose (first day, last day) span lies inside the period."""
    first, last = span
    return Q(**{f"{first}__gte": period.start, f"{last}__lte": period.end})


def span_overlaps(span: tuple[str, str], period: Period) -> Q:
    first, last = span
    return Q(**{f"{first}__lte": period.end, f"{last}__gte": period.start})


def span_straddles(span: tuple[str, str], period: Period) -> Q:
    """Overlapping the period without lying inside it: the record cannot be placed in it."""
    return span_overlaps(span, period) & ~span_inside(span, period)


def check_span(day: dt.date | None, first: dt.date | None, label: str) -> list[str]:
    if day and first and first > day:
        return [f"{label}: ngày đầu khoảng ({first:%d/%m/%Y}) sau ngày cuối ({day:%d/%m/%Y})."]
    return []


def span_text(first: dt.date | None, day: dt.date | None) -> str:
    if day is None:
        return ""
    if first is None or first == day:
        return f"{day:%d/%m/%Y}"
    return f"{first:%d/%m/%Y} – {day:%d/%m/%Y}"


# --------------------------------------------------------------------------- territory


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
    return _memo(("territory", unit.pk), lambda: _territory(unit))


def _territory(unit: Unit) -> Territory:
    """From the unit tree in memory (``engine.tree``): the successions touching the
    subtree, then the other ends' successions."""
    tree = _memo(("unit-tree",), UnitTree.current)
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


# --------------------------------------------------------------------------- providers


@dataclass
class Source:
    """A kind of record that belongs to a register, for the ``covers`` rule."""

    model: type[models.Model]
    span: tuple[str, str] | None = None  # (first day, last day) fields dating the record
    unit_field: str = "unit"
    base: Q = field(default_factory=Q)
    places: str | None = None  # many-to-many of the communes a record placed above them concerns
    when: Callable[[Period], Q] | None = None  # overlap filter for records dated otherwise (a plan year)

    def overlapping(self, period: Period) -> QuerySet:
        q = self.when(period) if self.when is not None else span_overlaps(self.span, period)
        return self.model.objects.filter(self.base).filter(q)


class RecordProvider:
    """Base of the record-derived indicator providers (``engine.providers.Provider``).

    Subclasses set ``register`` and ``measure`` and implement ``sources`` (for the
    ``covers`` rule) and ``compute`` (value and the Vietnamese account of what was
    counted).
    """

    register: str = ""
    label: str = ""

    def sources(self) -> list[Source]:
        raise NotImplementedError

    def compute(self, terr: Territory, option: str | None, period: Period) -> tuple[Decimal | None, str]:
        raise NotImplementedError

    # -- Provider protocol (answers memoised for the duration of one engine computation)
    def covers(self, unit: Unit, period: Period) -> bool:
        return _memo(("covers", self.register, type(self).__name__, unit.pk, period.pk),
                     lambda: self._covers(unit, period))

    def _covers(self, unit: Unit, period: Period) -> bool:
        from .models import RegisterScope

        scopes = _memo(("scopes", self.register, period.pk),
                       lambda: list(RegisterScope.objects.in_force(self.register, period).select_related("unit")))
        if not scopes:
            return False
        containing = []
        for s in scopes:
            if _inside(unit.code, s.unit.code) or territory(s.unit).contains(unit):
                containing.append(s)
        if not containing:
            return False
        terr = territory(unit)
        above = {c for c in terr.above_codes if any(_inside(c, s.unit.code) for s in containing)}
        if not above and not terr.partial_ids:
            return True
        if not any(code in above or pk in terr.partial_ids for code, pk in self._record_units()):
            return True  # no record at all where the queries below would look
        where = (tuple(sorted(above)), tuple(sorted(terr.partial_ids)))
        for n, src in enumerate(self.sources()):
            q = Q()
            if above:
                q |= Q(**{f"{src.unit_field}__code__in": sorted(above)})
            if terr.partial_ids:
                q |= Q(**{f"{src.unit_field}_id__in": sorted(terr.partial_ids)})
            qs = src.overlapping(period).filter(q)
            if src.places is None:  # the same for every unit with these units above (a district's communes)
                if _memo(("records-above", type(self).__name__, id(self), n, where, period.pk), qs.exists):
                    return False
                continue
            place_lists = _memo(("places-above", type(self).__name__, id(self), n, where, period.pk),
                                lambda qs=qs, src=src: [list(getattr(r, src.places).all())
                                                        for r in qs.prefetch_related(src.places)])
            for places in place_lists:
                if not places or not all(terr.disjoint(p) for p in places):
                    return False
        return True

    def _computed(self, unit: Unit, option: str | None, period: Period) -> tuple[Decimal | None, str]:
        return _memo(("compute", type(self).__name__, id(self), unit.pk, option, period.pk),
                     lambda: self._compute(territory(unit), option, period))

    def _compute(self, terr: Territory, option: str | None, period: Period) -> tuple[Decimal | None, str]:
        """``compute``, answered once per (option, period) for every territory without any
        record of the sources: ``compute`` reads records only through ``terr.q()`` and
        never names the unit, so its answer for an empty territory is the same for all
        (a report walks every commune, most of which have no outbreak or work)."""
        if not any(terr.holds(code, pk) for code, pk in self._record_units()):
            return _memo(("compute-empty", type(self).__name__, id(self), option, period.pk),
                         lambda: self.compute(terr, option, period))
        return self.compute(terr, option, period)

    def _record_units(self) -> set[tuple[str, int]]:
        """(code, id) of every unit holding any record of the sources, whatever its date or state."""
        def read():
            found = set()
            for model, unit_field in {(src.model, src.unit_field) for src in self.sources()}:
                found.update(model.objects.values_list(f"{unit_field}__code", f"{unit_field}_id").distinct())
            return found
        return _memo(("record-units", type(self).__name__, id(self)), read)

    def value(self, unit: Unit, option: str | None, period: Period) -> Decimal | None:
        return self._computed(unit, option, period)[0]

    def describe(self, unit: Unit, option: str | None, period: Period) -> str:
        return self._computed(unit, option, period)[1]


def _memo(key, compute):
    """``compute()`` once per key within an engine computation; every call outside one."""
    cache = computation_cache()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def count_text(n: int, noun: str) -> str:
    from bacthang.lib.numbers import format_number

    return f"{format_number(n)} {noun}"


# --------------------------------------------------------------------------- audit and permissions


def snapshot(obj: models.Model | None) -> dict | None:
    """The record's fields for the audit trail (the automatic ``updated_at`` left out)."""
    from audit.recording import snapshot as full

    if obj is None:
        return None
    data = full(obj)
    data.pop("updated_at", None)
    return data


def audit(obj: models.Model, old: dict | None, *, user, channel: str, action: str, reason: str = "",
          unit_code: str | None = None) -> None:
    """One audit row for a record change (through ``audit.recording.log_change``)."""
    from audit.recording import log_change

    if unit_code is None:
        unit = getattr(obj, "unit", None)
        unit_code = unit.code if unit is not None else ""
    new = None if action == "delete" else snapshot(obj)
    log_change(user=user, channel=channel, action=action, obj=obj, old=old, new=new, unit_code=unit_code,
               reason=reason)


def require(check, user, unit: Unit, what: str) -> None:
    """Refuse an action of a signed-in user outside their rights (system and demo writes pass user=None)."""
    if user is None:
        return
    if not check(user, unit):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(f"Bạn không có quyền {what} tại {unit.name}.")
