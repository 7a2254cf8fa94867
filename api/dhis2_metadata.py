"""DHIS2 metadata of what Bậc Thang exchanges, for a DHIS2 user to create it on their side.

``metadata_document`` gives DHIS2's metadata JSON (what ``POST /api/metadata`` of
DHIS2 imports): ``dataElements`` (the indicators), ``categoryOptions``,
``categories``, ``categoryCombos``, ``categoryOptionCombos`` (the disaggregations,
crossed ones included: a crossing is a category combination of its categories, its
combinations are the combos) and ``organisationUnits`` (code, name, parent, dates).

* ``code`` of each object is the code of the mapping file (``api.mapping_files``):
  indicator code, ``DISAGGREGATION:OPTION``, disaggregation code, unit code.  After a
  DHIS2 import the mapping can be made from DHIS2's ``id,code`` lists.
* ``id`` is the UID the mapping already gives, else a suggested one: the same for the
  same instance and object every time (a hash), unique among the instance's UIDs.
  ``assign_uids`` (``dhis2_metadata --assign-uids``) saves the suggestions in the
  mapping, so that the metadata imported into DHIS2 and the mapping agree at once.
* What: the indicators asked for, else the mapped ones, else every stored indicator
  in use (formula indicators are computed, never exchanged); the units asked for with
  everything below them, else the mapped ones; always with their ancestors so the tree
  is whole; for a user, only the units in their scope.
* DHIS2 requires an opening date of an org unit: a unit without a start date gets
  1970-01-01.  DHIS2 wants unique names of data elements, categories and category
  options: a repeated name gets its code in brackets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import string
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from accounts.scope import is_admin, readable_units
from indicators.models import Aggregation, Disaggregation, Indicator, IndicatorKind, Option, TimeAggregation
from indicators.visibility import visible_indicators
from units.models import Unit

from .dhis2 import Mapping
from .models import Dhis2Instance, Dhis2Mapping, Kind

ALPHA = string.ascii_letters
ALNUM = string.ascii_letters + string.digits
NO_OPENING_DATE = dt.date(1970, 1, 1)
SHORT = 50  # DHIS2's shortName length


class MetadataError(ValueError):
    """A selection that cannot be exported (Vietnamese message)."""


def suggest_uid(seed: str, taken: set[str]) -> str:
    """A DHIS2-shaped UID (a letter, then 10 letters or digits) from ``seed``, not in ``taken``."""
    n = 0
    while True:
        h = hashlib.sha256(f"{seed}|{n}".encode()).digest()
        uid = ALPHA[h[0] % len(ALPHA)] + "".join(ALNUM[b % len(ALNUM)] for b in h[1:11])
        if uid not in taken:
            taken.add(uid)
            return uid
        n += 1


@dataclass
class Suggestion:
    kind: str
    uid: str
    name: str
    target: dict  # indicator / option / unit / disaggregation


@dataclass
class Metadata:
    document: dict
    suggestions: list[Suggestion] = field(default_factory=list)


def aggregation_type(ind: Indicator) -> str:
    """DHIS2's aggregation type: over org units as the indicator, over time summed (flow) or last (stock)."""
    stock = ind.time_aggregation == TimeAggregation.STOCK
    if ind.aggregation == Aggregation.NONE:
        return "NONE"
    if ind.aggregation == Aggregation.AVERAGE:
        return "LAST_AVERAGE_ORG_UNIT" if stock else "AVERAGE"
    return "LAST" if stock else "SUM"


def _short(name: str, code: str) -> str:
    return name if len(name) <= SHORT else code[:SHORT]


def _unique(items: list[dict], key: str, code_of) -> None:
    """Repeated names get their code in brackets (DHIS2 refuses two objects of one name)."""
    seen: dict[str, int] = {}
    for item in items:
        seen[item[key]] = seen.get(item[key], 0) + 1
    for item in items:
        if seen[item[key]] > 1:
            suffix = f" ({code_of(item)})"
            item[key] = (item[key][:SHORT - len(suffix)] + suffix) if key == "shortName" else item[key] + suffix


def metadata_document(instance: Dhis2Instance, *, indicators: list[Indicator] | None = None,
                      units: list[Unit] | None = None, user=None) -> Metadata:
    mapping = Mapping(instance)
    taken = set(instance.mappings.values_list("uid", flat=True))
    suggestions: list[Suggestion] = []

    def uid(kind: str, known: str | None, code: str, name: str, **target) -> str:
        if known:
            return known
        new = suggest_uid(f"{instance.name}|{kind}|{code}", taken)
        suggestions.append(Suggestion(kind, new, name[:255], target))
        return new

    # --- indicators
    if indicators is None:
        seen = Indicator.objects.all() if user is None else visible_indicators(user)  # a province's own stay in it
        visible = set(seen.values_list("pk", flat=True))
        indicators = [i for i in mapping.indicator_by_uid.values() if i.pk in visible] or list(
            seen.filter(is_active=True).exclude(kind=IndicatorKind.FORMULA))
    formula = [i.code for i in indicators if i.kind == IndicatorKind.FORMULA]
    if formula:
        raise MetadataError(f"Chỉ tiêu tính theo công thức không được trao đổi (được tính từ chỉ tiêu khác): "
                            f"{', '.join(sorted(formula))}.")
    indicators = sorted({i.pk: i for i in indicators}.values(), key=lambda i: (i.sort_order, i.code))
    disaggregations = {d.pk: d for d in Disaggregation.objects.filter(
        pk__in={i.disaggregation_id for i in indicators if i.disaggregation_id}).prefetch_related("categories")}

    # --- categories and their options
    category_ids: list[int] = []
    for d in sorted(disaggregations.values(), key=lambda d: d.code):
        cats = sorted(d.categories.all(), key=lambda c: c.code) or [d]
        category_ids.extend(c.pk for c in cats if c.pk not in category_ids)
    categories = {c.pk: c for c in Disaggregation.objects.filter(pk__in=category_ids)}
    options_of: dict[int, list[Option]] = {}
    for o in Option.objects.filter(disaggregation_id__in=category_ids).select_related("disaggregation").order_by(
            "disaggregation__code", "sort_order", "code"):
        options_of.setdefault(o.disaggregation_id, []).append(o)
    option_uid: dict[int, str] = {}
    category_options = []
    for cid in sorted(category_ids, key=lambda c: categories[c].code):
        for o in options_of.get(cid, []):
            code = f"{o.disaggregation.code}:{o.code}"
            option_uid[o.pk] = uid(Kind.CATEGORY_OPTION, mapping.uid_by_category_option.get(o.pk), code, o.name,
                                   option=o)
            category_options.append({"id": option_uid[o.pk], "code": code, "name": o.name,
                                     "shortName": _short(o.name, code)})
    category_uid: dict[int, str] = {}
    category_list = []
    for cid in sorted(category_ids, key=lambda c: categories[c].code):
        c = categories[cid]
        category_uid[cid] = uid(Kind.CATEGORY, mapping.uid_by_category.get(cid), c.code, c.name, disaggregation=c)
        category_list.append({"id": category_uid[cid], "code": c.code, "name": c.name,
                              "shortName": _short(c.name, c.code), "dataDimensionType": "DISAGGREGATION",
                              "dataDimension": True,
                              "categoryOptions": [{"id": option_uid[o.pk]} for o in options_of.get(cid, [])]})

    # --- category combos and their option combos
    combo_uid: dict[int, str] = {}
    combos, option_combos = [], []
    for d in sorted(disaggregations.values(), key=lambda d: d.code):
        combo_uid[d.pk] = uid(Kind.CATEGORY_COMBO, mapping.uid_by_category_combo.get(d.pk), d.code, d.name,
                              disaggregation=d)
        cats = sorted(d.categories.all(), key=lambda c: c.code) or [d]
        combos.append({"id": combo_uid[d.pk], "code": d.code, "name": d.name, "dataDimensionType": "DISAGGREGATION",
                       "skipTotal": False, "categories": [{"id": category_uid[c.pk]} for c in cats]})
        if d.categories.all():
            members = Option.objects.filter(disaggregation=d).prefetch_related("components").order_by(
                "sort_order", "code")
            parts_of = {o.pk: sorted(o.components.all(), key=lambda c: (categories[c.disaggregation_id].code, c.code))
                        for o in members}
        else:
            members = options_of.get(d.pk, [])
            parts_of = {o.pk: [o] for o in members}
        for o in members:
            code = f"{d.code}:{o.code}"
            option_combos.append({
                "id": uid(Kind.CATEGORY_OPTION_COMBO, mapping.uid_by_option.get(o.pk), code, o.name, option=o),
                "code": code, "name": o.name, "ignoreApproval": False, "categoryCombo": {"id": combo_uid[d.pk]},
                "categoryOptions": [{"id": option_uid[p.pk]} for p in parts_of[o.pk]]})

    data_elements = []
    for ind in indicators:
        item = {"id": uid(Kind.DATA_ELEMENT, mapping.uid_by_indicator.get(ind.pk), ind.code, ind.name,
                          indicator=ind),
                "code": ind.code, "name": ind.name, "shortName": _short(ind.name, ind.code), "formName": ind.name,
                "description": ind.description or f"{ind.name} ({ind.measure})",
                "domainType": "AGGREGATE", "valueType": "NUMBER", "aggregationType": aggregation_type(ind),
                "zeroIsSignificant": True}
        if ind.disaggregation_id:
            item["categoryCombo"] = {"id": combo_uid[ind.disaggregation_id]}
        data_elements.append(item)

    # --- org units
    unit_list = _units(mapping, units, user)
    unit_uid: dict[int, str] = {}
    org_units = []
    for u in unit_list:
        unit_uid[u.pk] = uid(Kind.ORG_UNIT, mapping.uid_by_unit.get(u.pk), u.code, u.name, unit=u)
    for u in unit_list:
        item = {"id": unit_uid[u.pk], "code": u.code, "name": u.name, "shortName": u.name[:SHORT],
                "openingDate": (u.valid_from or NO_OPENING_DATE).isoformat()}
        if u.valid_to:
            item["closedDate"] = u.valid_to.isoformat()
        if u.parent_id in unit_uid:
            item["parent"] = {"id": unit_uid[u.parent_id]}
        org_units.append(item)

    by_code = {"dataElements": lambda i: i["code"], "categories": lambda i: i["code"],
               "categoryOptions": lambda i: i["code"]}
    doc = {"dataElements": data_elements, "categoryOptions": category_options, "categories": category_list,
           "categoryCombos": combos, "categoryOptionCombos": option_combos, "organisationUnits": org_units}
    for key, code_of in by_code.items():
        _unique(doc[key], "name", code_of)
        _unique(doc[key], "shortName", code_of)
    _unique(combos, "name", lambda i: i["code"])
    return Metadata(doc, suggestions)


def _units(mapping: Mapping, units: list[Unit] | None, user) -> list[Unit]:
    """The units asked for with their subtrees (else the mapped ones), their ancestors, in scope."""
    if units:
        q = Q()
        for u in units:
            q |= Q(pk=u.pk) | Q(code__startswith=u.code + ".")
        chosen = list(Unit.objects.filter(q))
    else:
        chosen = list(mapping.unit_by_uid.values())
    ancestors = set()
    for u in chosen:
        parts = u.code.split(".")
        ancestors.update(".".join(parts[:i]) for i in range(1, len(parts)))
    qs = Unit.objects.filter(Q(pk__in=[u.pk for u in chosen]) | Q(code__in=ancestors))
    if user is not None and not is_admin(user):
        qs = qs.filter(pk__in=readable_units(user))
    return sorted(qs, key=lambda u: (u.level, u.code))


@transaction.atomic
def assign_uids(instance: Dhis2Instance, suggestions: list[Suggestion]) -> int:
    """Save the suggested UIDs in the mapping (objects mapped meanwhile are left as they are)."""
    mapping = Mapping(instance)
    known = {Kind.DATA_ELEMENT: mapping.uid_by_indicator, Kind.ORG_UNIT: mapping.uid_by_unit,
             Kind.CATEGORY_OPTION_COMBO: mapping.uid_by_option, Kind.CATEGORY: mapping.uid_by_category,
             Kind.CATEGORY_OPTION: mapping.uid_by_category_option, Kind.CATEGORY_COMBO: mapping.uid_by_category_combo}
    rows = []
    for s in suggestions:
        target = next(iter(s.target.values()))
        if target.pk in known[s.kind]:
            continue
        rows.append(Dhis2Mapping(instance=instance, kind=s.kind, uid=s.uid, name=s.name, **s.target))
    Dhis2Mapping.objects.bulk_create(rows)
    return len(rows)
