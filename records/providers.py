"""The base of the indicator providers derived from records (``engine.providers.Provider``):
a register's sources, the ``covers`` rule over ``records.models.Coverage`` (see
``records.territory``) and answers memoised for one engine computation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q, QuerySet

from periods.models import Period
from units.models import Unit

from .spans import span_overlaps
from .territory import Territory, _inside, memo, territory


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
        qs = self.model.objects.filter(self.base)
        if self.when is not None:
            return qs.filter(self.when(period))
        return qs.filter(span_overlaps(self.span, period)) if self.span else qs


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
        return memo(("covers", self.register, type(self).__name__, unit.pk, period.pk),
                     lambda: self._covers(unit, period))

    def _covers(self, unit: Unit, period: Period) -> bool:
        from .models import Coverage

        scopes = memo(("scopes", self.register, period.pk),
                       lambda: list(Coverage.objects.in_force(self.register, period).select_related("unit")))
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
                if memo(("records-above", type(self).__name__, id(self), n, where, period.pk), qs.exists):
                    return False
                continue
            place_lists = memo(("places-above", type(self).__name__, id(self), n, where, period.pk),
                                lambda qs=qs, src=src: [list(getattr(r, src.places).all())
                                                        for r in qs.prefetch_related(src.places)])
            for places in place_lists:
                if not places or not all(terr.disjoint(p) for p in places):
                    return False
        return True

    def _computed(self, unit: Unit, option: str | None, period: Period) -> tuple[Decimal | None, str]:
        return memo(("compute", type(self).__name__, id(self), unit.pk, option, period.pk),
                     lambda: self._compute(territory(unit), option, period))

    def _compute(self, terr: Territory, option: str | None, period: Period) -> tuple[Decimal | None, str]:
        """``compute``, answered once per (option, period) for every territory without any
        record of the sources: ``compute`` reads records only through ``terr.q()`` and
        never names the unit, so its answer for an empty territory is the same for all
        (a report walks every commune, most of which have no outbreak or work)."""
        if not any(terr.holds(code, pk) for code, pk in self._record_units()):
            return memo(("compute-empty", type(self).__name__, id(self), option, period.pk),
                         lambda: self.compute(terr, option, period))
        return self.compute(terr, option, period)

    def _record_units(self) -> set[tuple[str, int]]:
        """(code, id) of every unit holding any record of the sources, whatever its date or state."""
        def read():
            found = set()
            for model, unit_field in {(src.model, src.unit_field) for src in self.sources()}:
                found.update(model.objects.values_list(f"{unit_field}__code", f"{unit_field}_id").distinct())
            return found
        return memo(("record-units", type(self).__name__, id(self)), read)

    def value(self, unit: Unit, option: str | None, period: Period) -> Decimal | None:
        return self._computed(unit, option, period)[0]

    def describe(self, unit: Unit, option: str | None, period: Period) -> str:
        return self._computed(unit, option, period)[1]


def count_text(n: int, noun: str) -> str:
    from bacthang.lib.numbers import format_number

    return f"{format_number(n)} {noun}"


class CountProvider(RecordProvider):
    """The number of records of one model in a unit's territory: the derived indicator a
    register gets from the framework by declaring it (``PROVIDERS = {"CODE": CountProvider(...)}``).
    Records dated by ``span`` count in a period when their span lies inside it; one that only
    overlaps it makes the figure unknown."""

    def __init__(self, register: str, model: type[models.Model], *, noun: str,
                 span: tuple[str, str] | None = None, unit_field: str = "unit", base: Q | None = None):
        self.register, self.model, self.noun, self.span = register, model, noun, span
        self.unit_field, self.base = unit_field, base if base is not None else Q()

    def sources(self) -> list[Source]:
        return [Source(self.model, self.span, self.unit_field, self.base)]

    def compute(self, terr: Territory, option: str | None, period: Period) -> tuple[Decimal | None, str]:
        from .spans import span_inside, span_straddles

        qs = self.model.objects.filter(self.base).filter(terr.q(self.unit_field))
        if self.span:
            unplaced = qs.filter(span_straddles(self.span, period)).count()
            if unplaced:
                return None, f"{count_text(unplaced, self.noun)} không xếp được vào kỳ này."
            qs = qs.filter(span_inside(self.span, period))
        n = qs.count()
        return Decimal(n), f"Đếm {count_text(n, self.noun)} trong hồ sơ."
