"""Loading a DHIS2 instance's UID mapping from a CSV or XLSX file.

Columns ``kind,uid,code[,name]``, one UID a line:

* ``dataElement,fbfJHSPpUQD,HERD`` — an indicator code;
* ``categoryOptionCombo,PT59n8BQbqM,SPECIES:PIG`` — ``DISAGGREGATION:OPTION`` (option
  codes are unique only inside their disaggregation); ``total`` (or empty) for the
  total / DHIS2's default combo;
* ``orgUnit,DiszpKrYNg8,12.105.03409`` — a unit code;
* ``categoryCombo,m2jTvAj5kkm,SPECIES`` — a disaggregation code (plain or crossed);
* ``category,cX5k9anHEHd,SPECIES`` — a plain disaggregation code;
* ``categoryOption,apsOEGhHUBc,SPECIES:PIG`` — an option of a plain disaggregation.

A crossed disaggregation's combinations are ``categoryOptionCombo`` lines like any
option: ``categoryOptionCombo,Xr3Ku7CwBsZ,FARMING__POULTRY_SPECIES:NONG_HO__GA``.

The importer framework's rules hold: every bad line is listed, nothing is written
unless the whole file is good, loading the same file twice changes nothing.  A line
whose UID (or target) is already mapped replaces that mapping.  Loaded for a user
(the admin page of a province officer), every unit named or replaced must be in
that user's territory.

:func:`dump_mapping` writes an instance's table in the same format, so a dumped file
loads back to the same table.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.scope import can_read, is_admin
from bacthang.lib.importing import ImportFailed, Problem, read_table, require_columns
from indicators.models import Disaggregation, Indicator, Option
from units.models import Unit

from .models import DISAGGREGATION_KINDS, Dhis2Instance, Dhis2Mapping, Kind, uid_validator

COLUMNS = ["kind", "uid", "code", "name"]


def target_code(m: Dhis2Mapping) -> str:
    """The ``code`` column of a mapping row."""
    if m.kind == Kind.DATA_ELEMENT:
        return m.indicator.code
    if m.kind == Kind.ORG_UNIT:
        return m.unit.code
    if m.kind in DISAGGREGATION_KINDS:
        return m.disaggregation.code
    if m.option_id is None:
        return "total"
    return f"{m.option.disaggregation.code}:{m.option.code}"


def dump_mapping(instance: Dhis2Instance, rows=None) -> str:
    """The mapping table (or the given rows of it) as a CSV file ``load_mapping`` reads back."""
    if rows is None:
        rows = instance.mappings.all()
    rows = rows.select_related("indicator", "option__disaggregation", "unit", "disaggregation").order_by(
        "kind", "uid")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in rows:
        writer.writerow([m.kind, m.uid, target_code(m), m.name])
    return out.getvalue()


def load_mapping(source, instance: Dhis2Instance, filename: str | None = None, user=None) -> dict[str, int]:
    """Load a mapping file into ``instance``; ``user`` (optional) limits the units to their territory."""
    table = read_table(source, filename)
    require_columns(table, ["kind", "uid", "code"], ["name"])
    indicators = {i.code: i for i in Indicator.objects.all()}
    options = {f"{o.disaggregation.code}:{o.code}": o
               for o in Option.objects.select_related("disaggregation").prefetch_related("disaggregation__categories")}
    disaggregations = {d.code: d for d in Disaggregation.objects.prefetch_related("categories")}
    units = {u.code: u for u in Unit.objects.filter(code__in={str(r.cells.get("code", "")).strip()
                                                             for r in table.rows})}
    limited = user is not None and not is_admin(user)
    problems: list[Problem] = []
    wanted: list[dict] = []
    seen_uid: dict[tuple, int] = {}
    seen_target: dict[tuple, int] = {}
    for row in table.rows:
        c = row.cells
        kind = str(c.get("kind", "")).strip()
        uid = str(c.get("uid", "")).strip()
        code = str(c.get("code", "")).strip()
        name = str(c.get("name", "") or "").strip()[:255]
        if kind not in Kind.values:
            problems.append(Problem(f"Loại '{kind}' không hợp lệ; dùng {', '.join(Kind.values)}.", row.line, "kind"))
            continue
        try:
            uid_validator(uid)
        except ValidationError as e:
            problems.append(Problem(e.messages[0], row.line, "uid"))
            continue
        target: dict = {"indicator": None, "option": None, "unit": None, "disaggregation": None}
        if kind == Kind.DATA_ELEMENT:
            target["indicator"] = indicators.get(code)
            if target["indicator"] is None:
                problems.append(Problem(f"Chỉ tiêu '{code}' không có trong danh mục.", row.line, "code"))
                continue
        elif kind == Kind.ORG_UNIT:
            target["unit"] = units.get(code)
            if target["unit"] is None or (limited and not can_read(user, target["unit"])):
                problems.append(Problem(f"Đơn vị '{code}' không tồn tại hoặc nằm ngoài phạm vi của bạn."
                                        if limited else f"Đơn vị '{code}' không tồn tại.", row.line, "code"))
                continue
        elif kind in DISAGGREGATION_KINDS:
            target["disaggregation"] = disaggregations.get(code)
            if target["disaggregation"] is None:
                problems.append(Problem(f"Phân tổ '{code}' không có trong danh mục.", row.line, "code"))
                continue
            if kind == Kind.CATEGORY and target["disaggregation"].categories.all():
                problems.append(Problem(f"'{code}' là phân tổ kết hợp, không phải một phân tổ (category) của "
                                        "DHIS2: ánh xạ nó là categoryCombo, còn các phân tổ đơn của nó là category.",
                                        row.line, "code"))
                continue
        elif kind == Kind.CATEGORY_OPTION:
            target["option"] = options.get(code)
            if target["option"] is None:
                problems.append(Problem(f"Nhóm '{code}' không tồn tại; viết PHÂN_TỔ:NHÓM, ví dụ SPECIES:PIG.",
                                        row.line, "code"))
                continue
            if target["option"].disaggregation.categories.all():
                problems.append(Problem(f"'{code}' là một tổ hợp của phân tổ kết hợp: ánh xạ nó là "
                                        "categoryOptionCombo; categoryOption là nhóm của một phân tổ đơn.",
                                        row.line, "code"))
                continue
        elif code.lower() not in ("", "total"):
            target["option"] = options.get(code)
            if target["option"] is None:
                problems.append(Problem(f"Nhóm '{code}' không tồn tại; viết PHÂN_TỔ:NHÓM, ví dụ SPECIES:PIG, "
                                        "hoặc 'total' cho số tổng.", row.line, "code"))
                continue
        key_uid = (kind, uid)
        key_target = (kind, *(getattr(v, "pk", None) for v in target.values()))
        if key_uid in seen_uid:
            problems.append(Problem(f"UID {uid} đã có ở dòng {seen_uid[key_uid]}.", row.line, "uid"))
            continue
        if key_target in seen_target:
            problems.append(Problem(f"'{code or 'total'}' đã được ánh xạ ở dòng {seen_target[key_target]}; "
                                    "mỗi đối tượng chỉ một UID.", row.line, "code"))
            continue
        seen_uid[key_uid], seen_target[key_target] = row.line, row.line
        wanted.append({"kind": kind, "uid": uid, "name": name, **target})
    if problems:
        raise ImportFailed(problems)
    counts = {"created": 0, "updated": 0, "unchanged": 0}

    def target_key(kind, indicator, option, unit, disaggregation):
        return (kind, *(getattr(v, "pk", v) for v in (indicator, option, unit, disaggregation)))

    def key_of(m):
        return target_key(m.kind, m.indicator_id, m.option_id, m.unit_id, m.disaggregation_id)

    def wanted_key(w):
        return target_key(w["kind"], w["indicator"], w["option"], w["unit"], w["disaggregation"])

    with transaction.atomic():
        existing = list(instance.mappings.select_related("unit"))
        by_uid = {(m.kind, m.uid): m for m in existing}
        keep, changes = set(), []
        for w in wanted:
            m = by_uid.get((w["kind"], w["uid"]))
            same = m is not None and key_of(m) == wanted_key(w) and m.name == w["name"]
            if same:
                keep.add(m.pk)
                counts["unchanged"] += 1
            else:
                changes.append((w, m is not None))
        # Rows that hold a UID or a target the file gives another way are replaced.
        uids = {(w["kind"], w["uid"]) for w, _ in changes}
        targets = {wanted_key(w) for w, _ in changes}
        stale = [m for m in existing if m.pk not in keep and ((m.kind, m.uid) in uids or key_of(m) in targets)]
        outside = [m for m in stale if limited and m.unit_id is not None and not can_read(user, m.unit)]
        if outside:
            # Replacing them would remove another territory's mapping: refused like a unit outside the scope.
            raise ImportFailed([Problem(f"UID {m.uid} đang được dùng cho một đơn vị ngoài phạm vi của bạn; "
                                        "không thay được.", None, "uid") for m in outside])
        Dhis2Mapping.objects.filter(pk__in=[m.pk for m in stale]).delete()
        for w, existed in changes:
            Dhis2Mapping.objects.create(instance=instance, **w)
            counts["updated" if existed else "created"] += 1
    return counts
