"""DHIS2 ``dataValueSets``: import and export of data values through the UID mapping
of one DHIS2 instance (``api.models``).

Document shape (DHIS2's own; the CSV and ADX files of ``api.dhis2_formats`` are read
into it)::

    {"dataValues": [{"dataElement": "fbfJHSPpUQD", "period": "202312", "orgUnit": "DiszpKrYNg8",
                     "categoryOptionCombo": "PT59n8BQbqM", "attributeOptionCombo": "HllvX50cXC0",
                     "value": "1735.6", "storedBy": "thanhpho", "created": "2023-12-20T08:30:00.000+0000",
                     "lastUpdated": "2024-01-05T10:00:00.000+0000", "comment": "", "followup": false}]}

Periods.  Bậc Thang's year, half-year, quarter and month codes *are* DHIS2 period
identifiers (``2023``, ``2023S2``, ``2023Q4``, ``202312``), so they cross unchanged.
Seasons (``2024DX`` …) and terms (``2021-2025``) have no DHIS2 period type: DHIS2's
six-monthly-November or financial-year types do not match a crop calendar, and a
guessed translation would not come back to the same code.  They are therefore never
exchanged: an import naming any other DHIS2 period (weekly ``2023W5``, daily
``20230105``, bi-monthly ``202301B``, financial ``2023April``, six-monthly-April
``2023AprilS1`` …) is refused for that value; an export asked for a season or term
is refused, and an export by date range leaves season and term values out (counted
in ``skipped``).

Import.  Every value is translated through the mapping — dataElement → indicator,
categoryOptionCombo → option or total (absent = DHIS2's default combo = the total),
orgUnit → unit — then checked and written exactly as ``POST /api/datavalues/bulk``
(``api.values``): an unmapped UID, a refused period, a bad number, a unit outside
the user's scope … is listed with the value's index, and nothing is written unless
every value is good.  ``deleted: true`` deletes the stored value.  The document may
give ``period`` and ``orgUnit`` once at the top (DHIS2 does).  Bậc Thang has no
attribute dimension: ``attributeOptionCombo`` may only be DHIS2's default combo (the
UID mapped to the total), anything else is a conflict.  An ADX value names its
breakdown by categories: the mapped categories and category options give the option
(for a crossed disaggregation, the combination of one option of each category).
``storedBy``, ``created``, ``lastUpdated`` and ``followup`` have no column in a data
value; they are kept in ``Dhis2ValueMeta`` so that an export gives them back.

Export.  Stored values only (never roll-ups: DHIS2 aggregates on its side), of
mapped indicators, in the requested org units (``children`` adds their subtrees,
both structures) and periods.  A value whose unit or option has no UID cannot be
named in DHIS2 and is left out and counted.  A total of an indicator is written with
the total's UID when mapped, otherwise without ``categoryOptionCombo`` (DHIS2 then
uses its default combo).  Numbers are plain decimal strings (``"1735.6"``), read back
exactly.  ``storedBy``/``lastUpdated`` are those an import kept while the value is
unchanged since, otherwise the Bậc Thang user and time of its last change; ``created``
is the kept one or the time of the value's creation in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q

from audit.models import Action, AuditEntry
from bacthang.lib.numbers import format_plain
from datavalues.models import DataValue
from indicators.models import Disaggregation, Indicator, Option
from periods.codes import HALF, MONTH, QUARTER, YEAR, PeriodCodeError, parse_period
from units.models import Unit

from .base import INVALID, UNMAPPED, Problem, ProblemsError
from .dhis2_formats import ExportedValue, parse_timestamp, truncate_ms
from .models import Dhis2Instance, Dhis2ValueMeta, Kind
from .values import MAX_COMMENT, MAX_ITEMS, Draft, clean_text, is_code, write_drafts

MAX_STORED_BY = Dhis2ValueMeta._meta.get_field("stored_by").max_length

EXCHANGED_TYPES = (YEAR, HALF, QUARTER, MONTH)
_DHIS2_PERIOD = re.compile(r"^\d{4}(0[1-9]|1[0-2]|Q[1-4]|S[12])?$")
PERIOD_FORMATS = "năm 2023, 6 tháng 2023S1/2023S2, quý 2023Q4, tháng 202312"

# Bậc Thang field → DHIS2 property, for problems found after translation.
PROPERTY = {"indicator": "dataElement", "option": "categoryOptionCombo", "unit": "orgUnit", "period": "period",
            "value": "value", "comment": "comment", "version": "value"}
TIMESTAMP_HINT = "viết dạng ISO 8601, ví dụ 2023-12-31T08:30:00.000+0000 hoặc 2023-12-31"


class PeriodNotExchanged(ValueError):
    """A period that has no identical code on the other side (message in Vietnamese)."""


def period_from_dhis2(pe: str) -> str:
    """The Bậc Thang code of a DHIS2 period identifier (they are the same string)."""
    if not isinstance(pe, str) or not _DHIS2_PERIOD.match(pe):
        raise PeriodNotExchanged(
            f"Kỳ '{pe}' của DHIS2 không được hỗ trợ. Chỉ trao đổi các kỳ: {PERIOD_FORMATS} "
            "(kỳ tuần, ngày, hai tháng, năm tài chính … không có trong Bậc Thang).")
    try:
        return parse_period(pe).code
    except PeriodCodeError as e:
        raise PeriodNotExchanged(str(e)) from e


def period_to_dhis2(code: str) -> str | None:
    """The DHIS2 identifier of a Bậc Thang period, or None for seasons and terms."""
    try:
        spec = parse_period(code)
    except PeriodCodeError:
        return None
    return spec.code if spec.period_type in EXCHANGED_TYPES else None


def export_period(code: str) -> str:
    """A period asked for in an export, as its code; raises PeriodNotExchanged."""
    if isinstance(code, str) and re.match(r"^\d{4}(DX|HT|VM|TD|VD)$|^\d{4}-\d{4}$", code):
        raise PeriodNotExchanged(
            f"Kỳ '{code}' là vụ hoặc giai đoạn nhiều năm, DHIS2 không có loại kỳ tương ứng nên không trao đổi. "
            f"Dùng: {PERIOD_FORMATS}.")
    return period_from_dhis2(code)


class Mapping:
    """The UID tables of one instance, loaded once (both directions)."""

    def __init__(self, instance: Dhis2Instance):
        self.instance = instance
        self.indicator_by_uid: dict[str, Indicator] = {}
        self.uid_by_indicator: dict[int, str] = {}
        self.option_by_uid: dict[str, Option | None] = {}
        self.uid_by_option: dict[int | None, str] = {}
        self.unit_by_uid: dict[str, Unit] = {}
        self.uid_by_unit: dict[int, str] = {}
        self.category_by_uid: dict[str, Disaggregation] = {}
        self.uid_by_category: dict[int, str] = {}
        self.category_option_by_uid: dict[str, Option] = {}
        self.uid_by_category_option: dict[int, str] = {}
        self.uid_by_category_combo: dict[int, str] = {}
        for m in instance.mappings.select_related("indicator", "option", "unit", "disaggregation"):
            if m.kind == Kind.DATA_ELEMENT:
                self.indicator_by_uid[m.uid] = m.indicator
                self.uid_by_indicator[m.indicator_id] = m.uid
            elif m.kind == Kind.CATEGORY_OPTION_COMBO:
                self.option_by_uid[m.uid] = m.option
                self.uid_by_option[m.option_id] = m.uid
            elif m.kind == Kind.ORG_UNIT:
                self.unit_by_uid[m.uid] = m.unit
                self.uid_by_unit[m.unit_id] = m.uid
            elif m.kind == Kind.CATEGORY:
                self.category_by_uid[m.uid] = m.disaggregation
                self.uid_by_category[m.disaggregation_id] = m.uid
            elif m.kind == Kind.CATEGORY_OPTION:
                self.category_option_by_uid[m.uid] = m.option
                self.uid_by_category_option[m.option_id] = m.uid
            elif m.kind == Kind.CATEGORY_COMBO:
                self.uid_by_category_combo[m.disaggregation_id] = m.uid
        # DHIS2's default category option combo, which is also its default attribute option combo.
        self.default_uid: str | None = self.uid_by_option.get(None)
        self._crossings: dict[int, tuple[set[int], dict[frozenset, Option], dict[int, list[Option]]]] = {}

    def crossing(self, disaggregation_id: int):
        """(category ids, combination by component ids, components of each combination) of a crossing."""
        if disaggregation_id not in self._crossings:
            d = Disaggregation.objects.prefetch_related("categories").get(pk=disaggregation_id)
            by_components, components = {}, {}
            options = Option.objects.filter(disaggregation_id=disaggregation_id)
            for o in options.prefetch_related("components__disaggregation"):
                parts = sorted(o.components.all(), key=lambda c: (c.disaggregation.code, c.code))
                components[o.pk] = parts
                by_components[frozenset(c.pk for c in parts)] = o
            self._crossings[disaggregation_id] = ({c.pk for c in d.categories.all()}, by_components, components)
        return self._crossings[disaggregation_id]

    def is_crossing(self, disaggregation_id: int | None) -> bool:
        return disaggregation_id is not None and bool(self.crossing(disaggregation_id)[0])

    def categories_of(self, option: Option) -> list[tuple[str, str]] | None:
        """The (category UID, category option UID) pairs that name an option in ADX, or None
        when one of them has no UID."""
        parts = self.crossing(option.disaggregation_id)[2].get(option.pk) if self.is_crossing(
            option.disaggregation_id) else [option]
        pairs = []
        for part in parts or []:
            cat, opt = self.uid_by_category.get(part.disaggregation_id), self.uid_by_category_option.get(part.pk)
            if cat is None or opt is None:
                return None
            pairs.append((cat, opt))
        return pairs or None

    def unmapped(self, prop: str, uid, index: int | None) -> Problem:
        what = {"dataElement": "phần tử dữ liệu", "categoryOptionCombo": "tổ hợp phân tổ",
                "orgUnit": "đơn vị tổ chức", "dataSet": "bộ dữ liệu", "category": "phân tổ",
                "categoryOption": "nhóm phân tổ", "attributeOptionCombo": "tổ hợp thuộc tính"}[prop]
        return Problem(f"Mã {prop} '{uid}' ({what}) chưa được ánh xạ sang Bậc Thang cho máy chủ DHIS2 "
                       f"'{self.instance.name}'.", prop, UNMAPPED, index, uid)


# --------------------------------------------------------------------------- import

@dataclass
class ValueMeta:
    """What a document says of one value beyond number and comment (kept in Dhis2ValueMeta)."""

    provenance: bool = False  # storedBy, created or lastUpdated given
    stored_by: str = ""
    created: dt.datetime | None = None
    last_updated: dt.datetime | None = None
    followup: bool | None = None  # None: not given


@dataclass
class Translation:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    metas: dict[int, ValueMeta] = field(default_factory=dict)  # by the value's index


def drafts_from_data_value_set(doc, mapping: Mapping) -> tuple[list[Draft], list[Problem]]:
    """Translate a dataValueSets document into drafts; every untranslatable value is a problem."""
    t = translate(doc, mapping)
    return t.drafts, t.problems


def translate(doc, mapping: Mapping) -> Translation:
    """Translate a dataValueSets document: drafts, problems and what each value says beyond its number."""
    t = Translation()
    if not isinstance(doc, dict):
        t.problems.append(Problem("Nội dung phải là một đối tượng JSON dataValueSets có 'dataValues'.", "", INVALID))
        return t
    values = doc.get("dataValues")
    if not isinstance(values, list):
        t.problems.append(Problem("Thiếu danh sách 'dataValues'.", "dataValues", INVALID))
        return t
    if len(values) > MAX_ITEMS:
        t.problems.append(Problem(f"Mỗi lần gửi tối đa {MAX_ITEMS} giá trị; hãy chia nhỏ.", "dataValues", INVALID))
        return t
    if not values:
        t.problems.append(Problem("Danh sách 'dataValues' trống.", "dataValues", INVALID))
        return t
    top_period, top_unit = doc.get("period"), doc.get("orgUnit")
    top_aoc = doc.get("attributeOptionCombo")
    problems = t.problems
    for i, dv in enumerate(values):
        if not isinstance(dv, dict):
            problems.append(Problem("Mỗi giá trị phải là một đối tượng JSON.", "", INVALID, i))
            continue
        before = len(problems)
        de = dv.get("dataElement")
        indicator = None
        if not is_code(de):
            problems.append(Problem("Thiếu hoặc sai 'dataElement'.", "dataElement", INVALID, i, _short(de)))
        else:
            indicator = mapping.indicator_by_uid.get(de)
            if indicator is None:
                problems.append(mapping.unmapped("dataElement", de, i))
        option_code = _option_of(dv, indicator, mapping, i, problems)
        ou = dv.get("orgUnit", top_unit)
        unit_code = None
        if not is_code(ou):
            problems.append(Problem("Thiếu hoặc sai 'orgUnit'.", "orgUnit", INVALID, i, _short(ou)))
        elif ou not in mapping.unit_by_uid:
            problems.append(mapping.unmapped("orgUnit", ou, i))
        else:
            unit_code = mapping.unit_by_uid[ou].code
        pe = dv.get("period", top_period)
        period_code = None
        if "_period_error" in dv:  # an ADX period with no Bậc Thang code
            problems.append(Problem(dv["_period_error"], "period", INVALID, i, _short(pe)))
        else:
            try:
                period_code = period_from_dhis2(pe)
            except PeriodNotExchanged as e:
                problems.append(Problem(str(e) if pe is not None else "Thiếu 'period'.", "period", INVALID, i,
                                        _short(pe)))
        aoc = dv.get("attributeOptionCombo", top_aoc)
        if aoc not in (None, "") and aoc != mapping.default_uid:
            problems.append(Problem(
                f"Tổ hợp thuộc tính (attributeOptionCombo) '{_short(aoc)}' không phải tổ hợp mặc định của DHIS2"
                + (f" ({mapping.default_uid})" if mapping.default_uid else " (chưa ánh xạ UID của số tổng)")
                + ": Bậc Thang không có chiều thuộc tính, nên không nhập được giá trị này.",
                "attributeOptionCombo", INVALID, i, _short(aoc)))
        deleted = dv.get("deleted", False)
        if not isinstance(deleted, bool):
            problems.append(Problem("Trường 'deleted' phải là true hoặc false.", "deleted", INVALID, i,
                                    _short(deleted)))
            deleted = False
        if not deleted and dv.get("value") in (None, ""):
            problems.append(Problem("Thiếu giá trị ('value').", "value", INVALID, i))
        comment = clean_text(dv.get("comment"), "comment", MAX_COMMENT, i, problems)
        meta = _meta_of(dv, i, problems)
        if len(problems) > before:
            continue
        t.drafts.append(Draft(i, indicator.code, option_code, unit_code, period_code, dv.get("value"), comment,
                              None, None, deleted))
        if meta is not None and not deleted:
            t.metas[i] = meta
    return t


def _option_of(dv: dict, indicator: Indicator | None, mapping: Mapping, i: int, problems: list[Problem]):
    """The option code a value names (None: the total), by categoryOptionCombo or, in ADX, by categories."""
    coc = dv.get("categoryOptionCombo")
    if coc not in (None, ""):  # DHIS2 prefers the combo over ADX's category attributes
        if not is_code(coc):
            problems.append(Problem("Sai 'categoryOptionCombo'.", "categoryOptionCombo", INVALID, i, _short(coc)))
            return None
        if coc not in mapping.option_by_uid:
            problems.append(mapping.unmapped("categoryOptionCombo", coc, i))
            return None
        option = mapping.option_by_uid[coc]
        if option is not None and indicator is not None and option.disaggregation_id != indicator.disaggregation_id:
            problems.append(Problem(
                f"Tổ hợp phân tổ '{coc}' ({option.code}) không thuộc phân tổ của chỉ tiêu {indicator.code}.",
                "categoryOptionCombo", INVALID, i, coc))
            return None
        return option.code if option else None
    categories = dv.get("_categories")
    if not categories:
        return None
    chosen: dict[int, Option] = {}
    for cat_uid, opt_uid in categories.items():
        category = mapping.category_by_uid.get(cat_uid)
        option = mapping.category_option_by_uid.get(opt_uid)
        if category is None:
            problems.append(mapping.unmapped("category", cat_uid, i))
        elif option is None:
            problems.append(mapping.unmapped("categoryOption", opt_uid, i))
        elif option.disaggregation_id != category.pk:
            problems.append(Problem(f"Nhóm phân tổ '{opt_uid}' ({option.code}) không thuộc phân tổ '{cat_uid}' "
                                    f"({category.code}).", "categoryOption", INVALID, i, opt_uid))
        else:
            chosen[category.pk] = option
    if len(chosen) != len(categories) or indicator is None:
        return None
    target = indicator.disaggregation_id
    if target is None:
        problems.append(Problem(f"Chỉ tiêu {indicator.code} không có phân tổ; bỏ các thuộc tính phân tổ.",
                                "category", INVALID, i))
        return None
    if not mapping.is_crossing(target):
        wanted = {target}
    else:
        wanted = mapping.crossing(target)[0]
    if set(chosen) != wanted:
        names = ", ".join(sorted(d.code for d in Disaggregation.objects.filter(pk__in=wanted)))
        problems.append(Problem(f"Chỉ tiêu {indicator.code} phân tổ theo {names}: cần đúng một nhóm của mỗi phân tổ "
                                "này.", "category", INVALID, i))
        return None
    if not mapping.is_crossing(target):
        return chosen[target].code
    combination = mapping.crossing(target)[1].get(frozenset(o.pk for o in chosen.values()))
    if combination is None:
        problems.append(Problem(f"Không có tổ hợp của {', '.join(o.code for o in chosen.values())} trong phân tổ "
                                f"của chỉ tiêu {indicator.code}.", "category", INVALID, i))
        return None
    return combination.code


def _meta_of(dv: dict, i: int, problems: list[Problem]) -> ValueMeta | None:
    """storedBy, created, lastUpdated and followup of a value, checked; None when it gives none."""
    given = [k for k in ("storedBy", "created", "lastUpdated", "followup") if k in dv]
    if not given:
        return None
    meta = ValueMeta(provenance=any(k != "followup" for k in given))
    stored_by = dv.get("storedBy")
    if stored_by is not None:
        checked = clean_text(stored_by, "storedBy", MAX_STORED_BY, i, problems)
        meta.stored_by = checked or ""
    for name in ("created", "lastUpdated"):
        raw = dv.get(name)
        if raw in (None, ""):
            continue
        try:
            stamp = parse_timestamp(raw)
        except ValueError:
            problems.append(Problem(f"Ngày giờ '{name}' không hợp lệ ('{_short(raw)}'); {TIMESTAMP_HINT}.", name,
                                    INVALID, i, _short(raw)))
            continue
        setattr(meta, "created" if name == "created" else "last_updated", stamp)
    followup = dv.get("followup")
    if "followup" in dv and followup is not None:
        if not isinstance(followup, bool):
            problems.append(Problem("Trường 'followup' phải là true hoặc false.", "followup", INVALID, i,
                                    _short(followup)))
        else:
            meta.followup = followup
    return meta


def import_document(doc, instance: Dhis2Instance, user, *, channel: str, dry_run: bool = False, reason: str = ""):
    """Translate and write a dataValueSets document.  Returns (summary, []) or (None, problems).

    The values go through ``api.values.write_drafts`` (the one write path, the user's
    scope, the audit); what DHIS2 says beyond number and comment is then kept in
    ``Dhis2ValueMeta`` in the same transaction.  A dry run writes neither."""
    mapping = Mapping(instance)
    t = translate(doc, mapping)
    by_index = {d.index: d for d in t.drafts}
    with transaction.atomic():
        try:
            summary = write_drafts(t.drafts, user=user, problems=t.problems, channel=channel, dry_run=dry_run,
                                   reason=reason or f"DHIS2 {instance.name}: dataValueSets")
        except ProblemsError as e:
            return None, [dhis2_problem(x, by_index, doc) for x in e.problems]
        if not dry_run and t.metas:
            keep_metas([(by_index[i], m) for i, m in t.metas.items()])
    return summary, []


def keep_metas(items: list[tuple[Draft, ValueMeta]]) -> None:
    """Store what the documents said of the values just written (their versions now)."""
    keys = {(d.indicator, d.option or "", d.unit, d.period): m for d, m in items}
    stored = DataValue.objects.filter(
        indicator__code__in={k[0] for k in keys}, unit__code__in={k[2] for k in keys},
        period__code__in={k[3] for k in keys}).values_list(
        "pk", "version", "indicator__code", "option__code", "unit__code", "period__code")
    found = {}
    for pk, version, ind, opt, unit, period in stored.iterator(chunk_size=5000):
        meta = keys.get((ind, opt or "", unit, period))
        if meta is not None:
            found[pk] = (version, meta)
    existing = Dhis2ValueMeta.objects.in_bulk(list(found))
    creates, updates = [], []
    for pk, (version, meta) in found.items():
        row = existing.get(pk) or Dhis2ValueMeta(data_value_id=pk)
        if meta.provenance:
            row.provenance_version, row.stored_by, row.last_updated = version, meta.stored_by, meta.last_updated
            if meta.created is not None:
                row.created = meta.created
        if meta.followup is not None:
            row.followup = meta.followup
        (updates if pk in existing else creates).append(row)
    Dhis2ValueMeta.objects.bulk_create(creates, batch_size=2000)
    Dhis2ValueMeta.objects.bulk_update(updates, ["provenance_version", "stored_by", "created", "last_updated",
                                                 "followup"], batch_size=2000)


def dhis2_problem(p: Problem, drafts_by_index: dict[int, Draft], doc) -> Problem:
    """A problem found on the translated draft, renamed to DHIS2's property and UID."""
    prop = PROPERTY.get(p.field, p.field)
    value = p.value
    if p.index is not None and isinstance(doc, dict) and prop in ("dataElement", "categoryOptionCombo", "orgUnit"):
        try:
            value = doc["dataValues"][p.index].get(prop, doc.get(prop))
        except (KeyError, IndexError, AttributeError):
            pass
    return Problem(p.message, prop, p.code, p.index, value)


def import_summary(*, status: str, description: str, counts=None, problems=(), dry_run=False) -> dict:
    """DHIS2's ImportSummary shape, with Vietnamese texts."""
    counts = counts or {}
    conflicts = []
    for p in problems:
        d = p.as_dict()
        conflicts.append({"object": "" if d["value"] is None else str(d["value"]), "value": d["message"],
                          "property": p.field, "errorCode": p.code, "indexes": [] if p.index is None else [p.index]})
    return {
        "status": status,
        "description": description,
        "dryRun": dry_run,
        "importCount": {"imported": counts.get("created", 0), "updated": counts.get("updated", 0),
                        "deleted": counts.get("deleted", 0), "ignored": counts.get("unchanged", 0)},
        "conflicts": conflicts,
    }


def _short(v):
    if isinstance(v, str):
        return v[:40]
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


# --------------------------------------------------------------------------- export

@dataclass
class ExportRequest:
    units: list[Unit] = field(default_factory=list)  # empty: every mapped unit
    children: bool = False
    periods: list[str] = field(default_factory=list)  # Bậc Thang codes (= DHIS2 ids)
    start: dt.date | None = None
    end: dt.date | None = None
    indicators: list[Indicator] | None = None  # None: every mapped indicator
    data_set: str | None = None
    readable: object = None  # a Unit queryset restricting the export (the user's scope), or None
    format: str = "json"  # json | csv | adx: ADX may name a breakdown by its categories


@dataclass
class ExportResult:
    values: list[ExportedValue] = field(default_factory=list)
    data_set: str | None = None
    skipped: Counter = field(default_factory=Counter)

    @property
    def exported(self) -> int:
        return len(self.values)

    @property
    def document(self) -> dict:
        from .dhis2_formats import write_json

        return write_json(self.values, self.data_set)


def export_data_value_set(mapping: Mapping, req: ExportRequest) -> ExportResult:
    qs = DataValue.objects.select_related("indicator", "option", "unit", "period", "updated_by")
    wanted = set(mapping.uid_by_indicator)
    if req.indicators is not None:
        wanted &= {i.pk for i in req.indicators}
    qs = qs.filter(indicator_id__in=wanted)
    if req.units:
        q = Q()
        for u in req.units:
            q |= Q(unit=u)
            if req.children:
                q |= Q(unit__code__startswith=u.code + ".")
        qs = qs.filter(q)
    if req.readable is not None:
        qs = qs.filter(unit__in=req.readable)
    if req.periods:
        qs = qs.filter(period__code__in=req.periods)
    if req.start:
        qs = qs.filter(period__start__gte=req.start)
    if req.end:
        qs = qs.filter(period__end__lte=req.end)
    qs = qs.order_by("indicator__sort_order", "indicator__code", "option__sort_order", "option__code", "unit__code",
                     "period__start", "period__end", "pk")
    result = ExportResult(data_set=req.data_set)
    data_sets = {}
    if req.format == "adx" and not req.data_set:
        for ds in mapping.instance.data_sets.prefetch_related("indicators").order_by("uid"):
            for ind in ds.indicators.all():
                data_sets.setdefault(ind.pk, ds.uid)
    chunk: list[DataValue] = []
    for v in qs.iterator(chunk_size=5000):
        chunk.append(v)
        if len(chunk) == 5000:
            _export_chunk(chunk, mapping, req, data_sets, result)
            chunk = []
    _export_chunk(chunk, mapping, req, data_sets, result)
    return result


def _export_chunk(chunk: list[DataValue], mapping: Mapping, req: ExportRequest, data_sets: dict,
                  result: ExportResult) -> None:
    if not chunk:
        return
    ids = [v.pk for v in chunk]
    metas = Dhis2ValueMeta.objects.in_bulk(ids)
    # The latest creation of each value (SQLite may reuse the id of a deleted last row).
    created = dict(AuditEntry.objects.filter(object_type="datavalue", action=Action.CREATE, object_id__in=ids)
                   .values("object_id").annotate(at=Max("at")).values_list("object_id", "at"))
    for v in chunk:
        pe = period_to_dhis2(v.period.code)
        if pe is None:
            result.skipped["period"] += 1
            continue
        ou = mapping.uid_by_unit.get(v.unit_id)
        if ou is None:
            result.skipped["orgUnit"] += 1
            continue
        coc = mapping.uid_by_option.get(v.option_id)
        categories = None
        if v.option_id is not None:
            if req.format == "adx":
                categories = mapping.categories_of(v.option)
            if coc is None and categories is None:
                result.skipped["category" if req.format == "adx" else "categoryOptionCombo"] += 1
                continue
        meta = metas.get(v.pk)
        current = meta is not None and meta.provenance_version == v.version
        stored_by = meta.stored_by if current else (v.updated_by.get_username() if v.updated_by_id else "")
        last_updated = meta.last_updated if current and meta.last_updated else truncate_ms(v.updated_at)
        first = (meta.created if meta is not None else None) or created.get(v.pk)
        result.values.append(ExportedValue(
            data_element=mapping.uid_by_indicator[v.indicator_id], period=pe, org_unit=ou,
            category_option_combo=coc, attribute_option_combo=mapping.default_uid, value=format_plain(v.value),
            stored_by=stored_by, created=truncate_ms(first) if first else last_updated, last_updated=last_updated,
            comment=v.comment, followup=bool(meta and meta.followup), categories=categories,
            data_set=req.data_set or data_sets.get(v.indicator_id)))


SKIP_LABELS = {
    "period": "kỳ vụ hoặc giai đoạn (DHIS2 không có)",
    "orgUnit": "đơn vị chưa ánh xạ orgUnit",
    "categoryOptionCombo": "nhóm chưa ánh xạ categoryOptionCombo",
    "category": "nhóm chưa ánh xạ category/categoryOption hay categoryOptionCombo",
}


def describe_skipped(skipped: Counter) -> str:
    return "; ".join(f"{n} số liệu bỏ qua vì {SKIP_LABELS[k]}" for k, n in sorted(skipped.items()))
