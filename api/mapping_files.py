"""Loading a DHIS2 instance's UID mapping from a CSV or XLSX file.

Columns ``kind,uid,code[,name]``, one UID a line:

* ``dataElement,fbfJHSPpUQD,HERD`` — an indicator code;
* ``categoryOptionCombo,PT59n8BQbqM,SPECIES:PIG`` — ``DISAGGREGATION:OPTION`` (option
  codes are unique only inside their disaggregation); ``total`` (or empty) for the
  total / DHIS2's default combo;
* ``orgUnit,DiszpKrYNg8,12.105.03409`` — a unit code.

The importer framework's rules hold: every bad line is listed, nothing is written
unless the whole file is good, loading the same file twice changes nothing.  A line
whose UID (or target) is already mapped replaces that mapping.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from bacthang.lib.importing import ImportFailed, Problem, read_table, require_columns
from indicators.models import Indicator, Option
from units.models import Unit

from .models import Dhis2Instance, Dhis2Mapping, Kind, uid_validator


def load_mapping(source, instance: Dhis2Instance, filename: str | None = None) -> dict[str, int]:
    table = read_table(source, filename)
    require_columns(table, ["kind", "uid", "code"], ["name"])
    indicators = {i.code: i for i in Indicator.objects.all()}
    options = {f"{o.disaggregation.code}:{o.code}": o for o in Option.objects.select_related("disaggregation")}
    units = {u.code: u for u in Unit.objects.filter(code__in={str(r.cells.get("code", "")).strip()
                                                             for r in table.rows})}
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
        target: dict = {"indicator": None, "option": None, "unit": None}
        if kind == Kind.DATA_ELEMENT:
            target["indicator"] = indicators.get(code)
            if target["indicator"] is None:
                problems.append(Problem(f"Chỉ tiêu '{code}' không có trong danh mục.", row.line, "code"))
                continue
        elif kind == Kind.ORG_UNIT:
            target["unit"] = units.get(code)
            if target["unit"] is None:
                problems.append(Problem(f"Đơn vị '{code}' không tồn tại.", row.line, "code"))
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

    def target_key(kind, indicator, option, unit):
        return (kind, getattr(indicator, "pk", indicator), getattr(option, "pk", option), getattr(unit, "pk", unit))

    with transaction.atomic():
        existing = list(instance.mappings.all())
        by_uid = {(m.kind, m.uid): m for m in existing}
        keep, changes = set(), []
        for w in wanted:
            m = by_uid.get((w["kind"], w["uid"]))
            same = m is not None and target_key(m.kind, m.indicator_id, m.option_id, m.unit_id) == target_key(
                w["kind"], w["indicator"], w["option"], w["unit"]) and m.name == w["name"]
            if same:
                keep.add(m.pk)
                counts["unchanged"] += 1
            else:
                changes.append((w, m is not None))
        # Rows that hold a UID or a target the file gives another way are replaced.
        uids = {(w["kind"], w["uid"]) for w, _ in changes}
        targets = {target_key(w["kind"], w["indicator"], w["option"], w["unit"]) for w, _ in changes}
        stale = [m.pk for m in existing if m.pk not in keep and (
            (m.kind, m.uid) in uids or target_key(m.kind, m.indicator_id, m.option_id, m.unit_id) in targets)]
        Dhis2Mapping.objects.filter(pk__in=stale).delete()
        for w, existed in changes:
            Dhis2Mapping.objects.create(instance=instance, **w)
            counts["updated" if existed else "created"] += 1
    return counts
