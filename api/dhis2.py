"""DHIS2 ``dataValueSets``: import and export of data values through the UID mapping
of one DHIS2 instance (``api.models``).

Document shape (DHIS2's own)::

    {"dataValues": [{"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "PT59n8BQbqM",
                     "orgUnit": "DiszpKrYNg8", "period": "202312", "value": "1735.6",
                     "comment": ""}]}

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
give ``period`` and ``orgUnit`` once at the top (DHIS2 does); ``attributeOptionCombo``
is not mapped (Bậc Thang has no attribute dimension) and is ignored.

Export.  Stored values only (never roll-ups: DHIS2 aggregates on its side), of
mapped indicators, in the requested org units (``children`` adds their subtrees,
both structures) and periods.  A value whose unit or option has no UID cannot be
named in DHIS2 and is left out and counted.  A total of an indicator is written with
the total's UID when mapped, otherwise without ``categoryOptionCombo`` (DHIS2 then
uses its default combo).  Numbers are plain decimal strings (``"1735.6"``), read back
exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from bacthang.lib.numbers import format_plain
from datavalues.models import DataValue
from indicators.models import Indicator, Option
from periods.codes import HALF, MONTH, QUARTER, YEAR, PeriodCodeError, parse_period
from units.models import Unit

from .base import INVALID, UNMAPPED, Problem
from .models import Dhis2Instance, Kind
from .values import MAX_COMMENT, MAX_ITEMS, Draft, clean_text, is_code

EXCHANGED_TYPES = (YEAR, HALF, QUARTER, MONTH)
_DHIS2_PERIOD = re.compile(r"^\d{4}(0[1-9]|1[0-2]|Q[1-4]|S[12])?$")
PERIOD_FORMATS = "năm 2023, 6 tháng 2023S1/2023S2, quý 2023Q4, tháng 202312"

# Bậc Thang field → DHIS2 property, for problems found after translation.
PROPERTY = {"indicator": "dataElement", "option": "categoryOptionCombo", "unit": "orgUnit", "period": "period",
            "value": "value", "comment": "comment", "version": "value"}


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
        for m in instance.mappings.select_related("indicator", "option", "unit"):
            if m.kind == Kind.DATA_ELEMENT:
                self.indicator_by_uid[m.uid] = m.indicator
                self.uid_by_indicator[m.indicator_id] = m.uid
            elif m.kind == Kind.CATEGORY_OPTION_COMBO:
                self.option_by_uid[m.uid] = m.option
                self.uid_by_option[m.option_id] = m.uid
            elif m.kind == Kind.ORG_UNIT:
                self.unit_by_uid[m.uid] = m.unit
                self.uid_by_unit[m.unit_id] = m.uid

    def unmapped(self, prop: str, uid, index: int | None) -> Problem:
        what = {"dataElement": "phần tử dữ liệu", "categoryOptionCombo": "tổ hợp phân tổ",
                "orgUnit": "đơn vị tổ chức", "dataSet": "bộ dữ liệu"}[prop]
        return Problem(f"Mã {prop} '{uid}' ({what}) chưa được ánh xạ sang Bậc Thang cho máy chủ DHIS2 "
                       f"'{self.instance.name}'.", prop, UNMAPPED, index, uid)


# --------------------------------------------------------------------------- import

def drafts_from_data_value_set(doc, mapping: Mapping) -> tuple[list[Draft], list[Problem]]:
    """Translate a dataValueSets document into drafts; every untranslatable value is a problem."""
    if not isinstance(doc, dict):
        return [], [Problem("Nội dung phải là một đối tượng JSON dataValueSets có 'dataValues'.", "", INVALID)]
    values = doc.get("dataValues")
    if not isinstance(values, list):
        return [], [Problem("Thiếu danh sách 'dataValues'.", "dataValues", INVALID)]
    if len(values) > MAX_ITEMS:
        return [], [Problem(f"Mỗi lần gửi tối đa {MAX_ITEMS} giá trị; hãy chia nhỏ.", "dataValues", INVALID)]
    if not values:
        return [], [Problem("Danh sách 'dataValues' trống.", "dataValues", INVALID)]
    top_period, top_unit = doc.get("period"), doc.get("orgUnit")
    problems: list[Problem] = []
    drafts: list[Draft] = []
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
        coc = dv.get("categoryOptionCombo")
        option_code = None
        if coc not in (None, ""):
            if not is_code(coc):
                problems.append(Problem("Sai 'categoryOptionCombo'.", "categoryOptionCombo", INVALID, i, _short(coc)))
            elif coc not in mapping.option_by_uid:
                problems.append(mapping.unmapped("categoryOptionCombo", coc, i))
            else:
                option = mapping.option_by_uid[coc]
                option_code = option.code if option else None
                if (option is not None and indicator is not None
                        and option.disaggregation_id != indicator.disaggregation_id):
                    problems.append(Problem(
                        f"Tổ hợp phân tổ '{coc}' ({option.code}) không thuộc phân tổ của chỉ tiêu {indicator.code}.",
                        "categoryOptionCombo", INVALID, i, coc))
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
        try:
            period_code = period_from_dhis2(pe)
        except PeriodNotExchanged as e:
            problems.append(Problem(str(e) if pe is not None else "Thiếu 'period'.", "period", INVALID, i, _short(pe)))
        deleted = dv.get("deleted", False)
        if not isinstance(deleted, bool):
            problems.append(Problem("Trường 'deleted' phải là true hoặc false.", "deleted", INVALID, i))
            deleted = False
        if not deleted and dv.get("value") in (None, ""):
            problems.append(Problem("Thiếu giá trị ('value').", "value", INVALID, i))
        comment = clean_text(dv.get("comment"), "comment", MAX_COMMENT, i, problems)
        if len(problems) > before:
            continue
        drafts.append(Draft(i, indicator.code, option_code, unit_code, period_code, dv.get("value"), comment,
                            None, None, deleted))
    return drafts, problems


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


@dataclass
class ExportResult:
    document: dict
    exported: int = 0
    skipped: Counter = field(default_factory=Counter)


def export_data_value_set(mapping: Mapping, req: ExportRequest) -> ExportResult:
    qs = DataValue.objects.select_related("indicator", "option", "unit", "period")
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
    result = ExportResult(document={})
    values = []
    for v in qs.iterator(chunk_size=5000):
        pe = period_to_dhis2(v.period.code)
        if pe is None:
            result.skipped["period"] += 1
            continue
        ou = mapping.uid_by_unit.get(v.unit_id)
        if ou is None:
            result.skipped["orgUnit"] += 1
            continue
        coc = mapping.uid_by_option.get(v.option_id)
        if coc is None and v.option_id is not None:
            result.skipped["categoryOptionCombo"] += 1
            continue
        item = {"dataElement": mapping.uid_by_indicator[v.indicator_id]}
        if coc is not None:
            item["categoryOptionCombo"] = coc
        item.update({"orgUnit": ou, "period": pe, "value": format_plain(v.value), "comment": v.comment})
        values.append(item)
    doc: dict = {}
    if req.data_set:
        doc["dataSet"] = req.data_set
    doc["dataValues"] = values
    result.document = doc
    result.exported = len(values)
    return result


SKIP_LABELS = {
    "period": "kỳ vụ hoặc giai đoạn (DHIS2 không có)",
    "orgUnit": "đơn vị chưa ánh xạ orgUnit",
    "categoryOptionCombo": "nhóm chưa ánh xạ categoryOptionCombo",
}


def describe_skipped(skipped: Counter) -> str:
    return "; ".join(f"{n} số liệu bỏ qua vì {SKIP_LABELS[k]}" for k, n in sorted(skipped.items()))
