"""Crossed breakdowns (DHIS2's category combinations).

A crossing is a :class:`~indicators.models.Disaggregation` whose ``categories`` are two
or more plain disaggregations; its options are every combination of one option of
each, in the categories' order: POULTRY_SPECIES × FARMING gives ``GA__NONG_HO`` "Gà,
nông hộ", ``GA__TRANG_TRAI`` "Gà, trang trại" … (codes joined by ``__``, which a plain
option code cannot hold twice in a row by convention, so a combination code never
collides with a category's own option code).

* A combination whose component is *part of* another option (quality rice within rice)
  is part of the combination with that whole in its place, so a total never counts it
  twice and "all rice" includes it only once.
* A *margin* — every combination holding one option ("all gà", "all trang trại") — is
  asked from the engine by the option's code, or ``CATEGORY:OPTION`` where two
  categories share an option code (:func:`margin_members`).
* :func:`sync_combinations` is idempotent: it adds the combinations of options added to
  a category later and renames those whose components were renamed; it never deletes a
  combination (values may be stored on it).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.db import transaction

from .models import Disaggregation, Option

SEPARATOR = "__"
MAX_COMBINATIONS = 500


class CrossingError(ValueError):
    """A crossing that cannot be built (message in Vietnamese)."""


def combination_code(options: Sequence[Option]) -> str:
    return SEPARATOR.join(o.code for o in options)


def combination_name(options: Sequence[Option]) -> str:
    names = [options[0].name] + [o.name[:1].lower() + o.name[1:] for o in options[1:]]
    return ", ".join(names)


def _ordered_categories(crossing: Disaggregation) -> list[Disaggregation]:
    return sorted(crossing.categories.all(), key=lambda d: d.code)


@transaction.atomic
def cross(categories: Sequence[Disaggregation], code: str | None = None, name: str | None = None) -> Disaggregation:
    """The crossing of these plain disaggregations (found if it exists, else created),
    with its combinations."""
    cats = sorted({c.pk: c for c in categories}.values(), key=lambda d: d.code)
    if len(cats) < 2:
        raise CrossingError("Phân tổ kết hợp cần ít nhất hai phân tổ khác nhau.")
    nested = [c.code for c in cats if c.categories.exists()]
    if nested:
        raise CrossingError(f"Không kết hợp một phân tổ đã là phân tổ kết hợp ({', '.join(nested)}); "
                            "hãy chọn các phân tổ đơn của nó.")
    wanted = {c.pk for c in cats}
    for existing in Disaggregation.objects.filter(categories__in=cats).distinct():
        if {c.pk for c in existing.categories.all()} == wanted:
            sync_combinations(existing)
            return existing
    code = code or SEPARATOR.join(c.code for c in cats)
    name = name or " × ".join(c.name for c in cats)
    if Disaggregation.objects.filter(code=code).exists():
        raise CrossingError(f"Đã có phân tổ mã {code}; hãy đặt mã khác cho phân tổ kết hợp.")
    crossing = Disaggregation.objects.create(code=code[:32], name=name[:128])
    crossing.categories.set(cats)
    sync_combinations(crossing)
    return crossing


@transaction.atomic
def sync_combinations(crossing: Disaggregation) -> int:
    """Create the missing combinations of a crossing (and rename changed ones); returns
    how many were created."""
    cats = _ordered_categories(crossing)
    if len(cats) < 2:
        return 0
    per_category = [list(c.options.order_by("sort_order", "code")) for c in cats]
    if any(not opts for opts in per_category):
        return 0
    count = 1
    for opts in per_category:
        count *= len(opts)
    if count > MAX_COMBINATIONS:
        raise CrossingError(f"Phân tổ kết hợp có {count} tổ hợp, quá {MAX_COMBINATIONS}; hãy bớt nhóm.")
    existing = {o.code: o for o in crossing.options.prefetch_related("components")}
    by_components: dict[frozenset, Option] = {}
    created = 0
    combos = list(itertools.product(*per_category))
    for order, combo in enumerate(combos):
        code = combination_code(combo)
        name = combination_name(combo)
        option = existing.get(code)
        if option is None:
            if len(code) > Option._meta.get_field("code").max_length:
                raise CrossingError(f"Mã tổ hợp {code} dài quá; hãy dùng mã nhóm ngắn hơn.")
            option = Option.objects.create(disaggregation=crossing, code=code, name=name[:128], sort_order=order)
            option.components.set(combo)
            created += 1
        elif option.name != name[:128] or option.sort_order != order:
            option.name, option.sort_order = name[:128], order
            option.save(update_fields=["name", "sort_order"])
        by_components[frozenset(o.pk for o in combo)] = option
    # A combination with a part (quality rice) is part of the combination with its whole (rice).
    for combo in combos:
        option = by_components[frozenset(o.pk for o in combo)]
        whole = None
        for i, component in enumerate(combo):
            if component.part_of_id:
                replaced = [o.pk for o in combo]
                replaced[i] = component.part_of_id
                whole = by_components.get(frozenset(replaced))
                break
        if option.part_of_id != (whole.pk if whole else None):
            option.part_of = whole
            option.save(update_fields=["part_of"])
    return created


def margin_members(crossing: Disaggregation, code: str) -> tuple[Option, list[Option]] | None:
    """The category option named by ``code`` (``OPTION`` or ``CATEGORY:OPTION``) and the
    combinations of the crossing that hold it; None when the code names no option of its
    categories, or names options of two categories (then the qualified form is needed)."""
    if SEPARATOR in code:
        return None
    cat_code, _, opt_code = code.rpartition(":")
    candidates = [o for c in _ordered_categories(crossing) if not cat_code or c.code == cat_code
                  for o in c.options.all() if o.code == opt_code]
    if len(candidates) != 1:
        return None
    component = candidates[0]
    return component, list(component.combinations.filter(disaggregation=crossing).order_by("sort_order"))
