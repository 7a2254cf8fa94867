"""Which indicators are seen where: the one rule every page, form, report and API answer
asks.

* The **national catalogue** is the indicators without a unit (``Indicator.unit`` empty);
  a province adds its **own indicators** (``unit`` = the province).
* A user sees the national catalogue plus the indicators of the provinces in which they
  read some unit (``accounts.scope.readable_province_codes``; admins see everything):
  :func:`visible_indicators`.
* The pages, report forms and generated reports of a unit use the national catalogue
  plus the indicators of the unit's province: :func:`indicators_for_unit`.  An indicator
  of another province is answered as one that does not exist (404 on a page).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Indicator


def province_code(unit) -> str:
    """``12`` for ``12.105.03409``: the province a unit lies in (its code's first part)."""
    return unit.code.split(".")[0]


def for_unit_q(unit, prefix: str = "") -> Q:
    """The indicators of a unit's catalogue, as a filter (``prefix``: ``"indicator__"`` …)."""
    return Q(**{f"{prefix}unit__isnull": True}) | Q(**{f"{prefix}unit__code": province_code(unit)})


def visible_q(user, prefix: str = "") -> Q:
    """The indicators a user sees, as a filter."""
    from accounts.scope import readable_province_codes

    codes = readable_province_codes(user)
    if codes is None:
        return Q()
    return Q(**{f"{prefix}unit__isnull": True}) | Q(**{f"{prefix}unit__code__in": sorted(codes)})


def indicators_for_unit(unit, queryset: QuerySet | None = None) -> QuerySet:
    """National indicators plus those of the unit's province."""
    qs = Indicator.objects.all() if queryset is None else queryset
    return qs.filter(for_unit_q(unit))


def visible_indicators(user, queryset: QuerySet | None = None) -> QuerySet:
    """National indicators plus those of the provinces the user reads in."""
    qs = Indicator.objects.all() if queryset is None else queryset
    return qs.filter(visible_q(user))


def belongs_to(indicator: Indicator, unit) -> bool:
    """Whether the indicator is in the unit's catalogue (national, or of the unit's province)."""
    if indicator.unit_id is None:
        return True
    return province_code(indicator.unit) == province_code(unit)
