"""Offices and tasks from a CSV or XLSX file an officer writes, through the importer
framework (``bacthang.lib.importing``): every bad row is named with its line, and any
problem refuses the whole file (nothing written).  Importing the same file twice
changes nothing.

Offices (``import_offices``), one row each::

    tên cơ quan | địa bàn | loại | tên gọi khác | hoạt động từ | hoạt động đến | kế nhiệm | địa bàn kế nhiệm

Tasks (``import_tasks``), one row each (``TASK_COLUMNS``; template: the page ``/nhiem-vu/mau-nhap/``)::

    mã | văn bản | mục | nội dung | cơ quan chủ trì | địa bàn | cơ quan phối hợp | địa bàn liên quan |
    chỉ tiêu | hạn | lặp lại

* ``văn bản``: a programme code (``KH-2023-TPLC``), or the name of another document.
* ``cơ quan chủ trì`` / ``cơ quan phối hợp``: office names (or their other names) on
  ``địa bàn`` or one of its higher units; several supporting offices separated by ``;``.
* ``hạn``: ``dd/mm/yyyy``; ``lặp lại``: "hằng năm", "hằng quý", "thường xuyên" (empty
  with a deadline: a one-off task).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.scope import can_manage
from bacthang.lib.importing import ImportFailed, Problem, read_table
from bacthang.lib.text import fold
from indicators.models import Indicator
from programmes.models import Programme
from units.models import Unit

from . import actions
from .models import Office, OfficeKind, Recurrence

OFFICE_COLUMNS = {"ten co quan": "name", "dia ban": "unit", "loai": "kind", "ten goi khac": "aliases",
                  "hoat dong tu": "valid_from", "hoat dong den": "valid_to", "ke nhiem": "successor",
                  "dia ban ke nhiem": "successor_unit"}
TASK_COLUMNS = {"ma": "reference", "van ban": "document", "muc": "section", "noi dung": "text",
                "co quan chu tri": "lead", "dia ban": "unit", "co quan phoi hop": "supporting",
                "dia ban lien quan": "units", "chi tieu": "indicators", "han": "deadline", "lap lai": "recurrence"}
TEMPLATE_HEADER = ["mã", "văn bản", "mục", "nội dung", "cơ quan chủ trì", "địa bàn", "cơ quan phối hợp",
                   "địa bàn liên quan", "chỉ tiêu", "hạn", "lặp lại"]
RECURRENCES = {fold(label): value for value, label in Recurrence.choices if value} | {
    "hang nam": Recurrence.YEARLY, "hang quy": Recurrence.QUARTERLY, "thuong xuyen": Recurrence.REGULAR,
    "": Recurrence.ONCE, "mot lan": Recurrence.ONCE}
KINDS = {fold(label): value for value, label in OfficeKind.choices} | {v: v for v in OfficeKind.values}


def _rows(source, filename, columns: dict[str, str], required: set[str]):
    table = read_table(source, filename)
    names = {}
    problems = []
    for c in table.columns:
        key = columns.get(fold(c))
        if c and key is None:
            problems.append(Problem(f"Cột '{c}' không có trong mẫu."))
        elif key:
            names[key] = c
    for key in sorted(required - set(names)):
        label = next(k for k, v in columns.items() if v == key)
        problems.append(Problem(f"Thiếu cột '{label}'."))
    if problems:
        raise ImportFailed(problems)
    out = []
    for row in table.rows:
        cells = row.cells
        values = {key: cells[col] for key, col in names.items()}
        if not any(str(v or "").strip() for v in values.values()):
            continue
        out.append((row, {k: v for k, v in values.items()}))
    if not out:
        raise ImportFailed([Problem("Tệp không có dòng dữ liệu nào.")])
    return out, names


def _text(v) -> str:
    return " ".join(str(v or "").split())


def _date(v, row, col, problems) -> dt.date | None:
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    text = _text(v)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    problems.append(Problem(f"Ngày '{text}' không hợp lệ; ghi dạng dd/mm/yyyy.", line=row.line))
    return None


def _list(v) -> list[str]:
    return [p.strip() for p in str(v or "").split(";") if p.strip()]


def _units(codes, row, problems) -> dict[str, Unit]:
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for c in codes:
        if c not in found:
            problems.append(Problem(f"Không có đơn vị hành chính mã '{c}'.", line=row.line))
    return found


@transaction.atomic
def import_offices(source, filename=None, *, user=None, channel="import") -> dict[str, int]:
    rows, _names = _rows(source, filename, OFFICE_COLUMNS, {"name", "unit"})
    problems: list[Problem] = []
    codes = {_text(v.get("unit")) for _r, v in rows} | {_text(v.get("successor_unit")) for _r, v in rows}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes - {""})}
    parsed = []
    for row, v in rows:
        code = _text(v.get("unit"))
        if code not in units:
            problems.append(Problem(f"Không có đơn vị hành chính mã '{code}'.", line=row.line))
            continue
        kind = KINDS.get(fold(v.get("kind")) or "phong")
        if kind is None:
            problems.append(Problem(f"Loại cơ quan '{_text(v.get('kind'))}' không hợp lệ.", line=row.line))
        fields = {"kind": kind, "aliases": _text(v.get("aliases")),
                  "valid_from": _date(v.get("valid_from"), row, "valid_from", problems),
                  "valid_to": _date(v.get("valid_to"), row, "valid_to", problems)}
        successor = (_text(v.get("successor")), _text(v.get("successor_unit")) or code)
        if successor[0] and successor[1] not in units:
            problems.append(Problem(f"Không có đơn vị hành chính mã '{successor[1]}'.", line=row.line))
        parsed.append((row, units[code], _text(v.get("name")), fields, successor))
    if problems:
        raise ImportFailed(problems)
    count = {"offices": 0, "successions": 0}
    saved = {}
    try:
        for _row, unit, name, fields, _s in parsed:
            saved[(unit.code, fold(name))] = actions.do_save_office(user=user, channel=channel, unit=unit, name=name,
                                                                    **fields)
            count["offices"] += 1
        for row, unit, name, _f, (s_name, s_code) in parsed:
            if not s_name:
                continue
            successor = saved.get((s_code, fold(s_name))) or find_office(s_name, units[s_code])
            if successor is None:
                problems.append(Problem(f"Không tìm thấy cơ quan kế nhiệm '{s_name}' tại {units[s_code].name}.",
                                        line=row.line))
                continue
            actions.do_record_succession(user=user, channel=channel, predecessor=saved[(unit.code, fold(name))],
                                         successor=successor, effective_date=fields_end(_f))
            count["successions"] += 1
    except actions.Refused as e:
        raise ImportFailed([Problem(p) for p in e.problems]) from e
    if problems:
        raise ImportFailed(problems)
    return count


def fields_end(fields) -> dt.date:
    end = fields.get("valid_to")
    return end + dt.timedelta(days=1) if end else dt.date(2025, 7, 1)


def find_office(name: str, unit: Unit, cache: dict | None = None) -> Office | None:
    """The office called ``name`` (or one of its other names) on ``unit`` or a higher unit."""
    codes = [unit.code]
    parts = unit.code.split(".")
    codes += [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
    key = fold(name)
    for code in codes:
        if cache is not None and code in cache:
            offices = cache[code]
        else:
            offices = list(Office.objects.filter(unit__code=code))
            if cache is not None:
                cache[code] = offices
        for o in offices:
            if fold(o.name) == key or key in {fold(a) for a in o.aliases.split(";") if a.strip()}:
                return o
    return None


@transaction.atomic
def import_tasks(source, filename=None, *, user=None, channel="import") -> dict[str, int]:
    rows, _names = _rows(source, filename, TASK_COLUMNS, {"reference", "text", "lead", "unit"})
    problems: list[Problem] = []
    programmes = {fold(p.code): p for p in Programme.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    cache: dict = {}
    parsed = []
    seen = set()
    for order, (row, v) in enumerate(rows, start=1):
        ref = _text(v.get("reference"))
        if not ref:
            problems.append(Problem("Thiếu mã nhiệm vụ.", line=row.line))
        elif ref in seen:
            problems.append(Problem(f"Mã nhiệm vụ '{ref}' xuất hiện hai lần.", line=row.line))
        seen.add(ref)
        code = _text(v.get("unit"))
        unit = _units([code], row, problems).get(code)
        doc = _text(v.get("document"))
        programme = programmes.get(fold(doc))
        lead = supporting = None
        if unit is not None:
            lead = find_office(_text(v.get("lead")), unit, cache)
            if lead is None:
                problems.append(Problem(f"Không tìm thấy cơ quan chủ trì '{_text(v.get('lead'))}' tại {unit.name}.",
                                        line=row.line))
            elif user is not None and not can_manage(user, lead.unit):
                problems.append(Problem(f"Bạn không được giao nhiệm vụ cho {lead.name} ({lead.unit.name}).",
                                        line=row.line))
            supporting = []
            for name in _list(v.get("supporting")):
                o = find_office(name, unit, cache)
                if o is None:
                    problems.append(Problem(f"Không tìm thấy cơ quan phối hợp '{name}' tại {unit.name}.",
                                            line=row.line))
                else:
                    supporting.append(o)
        unit_codes = _list(v.get("units"))
        concerned = _units(unit_codes, row, problems)
        inds = []
        for c in _list(v.get("indicators")):
            if c not in indicators:
                problems.append(Problem(f"Không có chỉ tiêu mã '{c}'.", line=row.line))
            else:
                inds.append(indicators[c])
        recurrence = RECURRENCES.get(fold(v.get("recurrence")))
        if recurrence is None:
            problems.append(Problem(f"Lặp lại '{_text(v.get('recurrence'))}' không hợp lệ; ghi hằng năm, hằng quý "
                                    "hoặc thường xuyên.", line=row.line))
        deadline = _date(v.get("deadline"), row, "deadline", problems)
        if not _text(v.get("text")):
            problems.append(Problem("Thiếu nội dung nhiệm vụ.", line=row.line))
        if deadline and recurrence:
            problems.append(Problem("Nhiệm vụ có hạn thì để trống cột lặp lại.", line=row.line))
        parsed.append((row, ref, {
            "programme": programme, "document": "" if programme else doc, "section": _text(v.get("section")),
            "text": str(v.get("text") or "").strip(), "lead": lead, "deadline": deadline,
            "recurrence": recurrence or "", "sort_order": order,
        }, supporting or [], list(concerned.values()), inds))
    if problems:
        raise ImportFailed(problems)
    changed = 0
    try:
        for _row, ref, fields, supporting, units, inds in parsed:
            _t, did = actions.do_save_task(user=user, channel=channel, reference=ref, supporting=supporting,
                                           units=units, indicators=inds, **fields)
            changed += did
    except actions.Refused as e:
        raise ImportFailed([Problem(p) for p in e.problems]) from e
    return {"tasks": len(parsed), "changed": changed}
