"""Pickers for the filter forms (completeness, validation, reports): a unit tree with a
search box and a period picker (month, quarter, half-year, year) instead of typed codes.

The server renders plain fields (a ``<select>`` of units, a text field of the period code)
that work without JavaScript; ``static/web/pickers.js`` adds the search box to the unit
tree and turns the period field into selects of period type, year and month or quarter.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from accounts.scope import assigned_units, is_admin, readable_units
from units.models import Level, Unit

BEFORE_REFORM, AFTER_REFORM = "Trước 01/07/2025", "Từ 01/07/2025"
INDENT = "\u00a0\u00a0\u00a0"


def unit_tree(user, current: Unit | None = None) -> list[dict]:
    """The units the user may read as option groups of a tree: units of both structures
    first (a province that kept its code), then the old structure and the new one, each in
    code order and indented by depth.  An administrator's tree stops at districts (the
    whole country's communes would be 13.000 options); the current unit is always in it.

    Returns ``[{"label": group label or "", "options": [(code, indented label), …]}]``."""
    qs = readable_units(user)
    if is_admin(user):
        keep = Q(level__lte=Level.DISTRICT) | Q(code__in=[u.code for u in assigned_units(user)])
        if current is not None:
            keep |= Q(pk=current.pk)
        qs = qs.filter(keep)
    units = list(qs.order_by("code").only("code", "name", "valid_from", "valid_to"))
    top = min((u.code.count(".") for u in units), default=0)
    groups: dict[str, list] = {"": [], BEFORE_REFORM: [], AFTER_REFORM: []}
    for u in units:
        side = AFTER_REFORM if u.is_post_reform else BEFORE_REFORM if u.is_pre_reform else ""
        depth = u.code.count(".") - top
        if side == AFTER_REFORM:
            depth = min(depth, 1)
        groups[side].append((u.code, f"{INDENT * depth}{u.name} ({u.code})"))
    return [{"label": label, "options": opts} for label, opts in groups.items() if opts]


def period_years(today: dt.date | None = None) -> str:
    """The years a period picker offers: "2019-<next year>"."""
    today = today or dt.date.today()
    return f"2019-{today.year + 1}"
