"""Excel templates of report forms and their upload.

A template has one sheet per unit, laid out as the Vietnamese report tables officers
know (STT · Chỉ tiêu · Đơn vị tính · Cùng kỳ năm trước · Kỳ này), options as
"- Trâu" lines under their indicator.  Labels are protected, the yellow input cells
are unlocked and carry data validation (a decimal ≥ 0 where the indicator cannot be
negative), the workbook structure is locked, and a very hidden sheet holds the
signed metadata: form code and version, period, and for every sheet its unit and,
for every input cell, the figure, the value it was pre-filled with and that value's
version (optimistic locking of uploads).

Upload (``plan_upload``) checks everything before anything is written: the template
is ours and current, each sheet's unit is in the uploader's scope and reports this
form, each cell is a number (Vietnamese ``1.735,6`` text is read by
``bacthang.lib.numbers``), not negative where it cannot be, the report is not
submitted or approved, and the error rules hold.  A cell left as it was pre-filled is
not a change; a cell equal to the stored value writes nothing, so the same file
twice changes nothing.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.scope import can_write
from audit.models import Channel
from bacthang.lib.importing import ImportFailed, Problem, iter_sheet_rows, open_xlsx, read_upload
from bacthang.lib.numbers import NumberError, format_number, parse_number
from bacthang.lib.xlsx import safe_cell
from datavalues.writing import FigureChange, WriteRefused, WriteSummary, do_set_values
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Unit

from .actions import (
    ActionRefused,
    check_target,
    do_submit,
    guard_editable,
    lock_message,
    lock_submission,
    submission_for,
)
from .layout import CellSpec, FormData, FormLayout
from .models import ReportForm, Submission
from .rules import Key, key_text

META_SHEET = "_bacthang"
SALT = "collection.template.v1"
CHUNK = 30000
FIRST_ROW = 6  # first data row (row 5 is the header)
COL_STT, COL_LABEL, COL_MEASURE, COL_LAST, COL_VALUE, COL_CODE = 1, 2, 3, 4, 5, 6
VALUE_LETTER = get_column_letter(COL_VALUE)
CODE_LETTER = get_column_letter(COL_CODE)
VALUE_HEADER = "Kỳ này"

INPUT_FILL = PatternFill("solid", fgColor="FFF4C2")
TOTAL_FILL = PatternFill("solid", fgColor="EEF3F0")
HEADER_FILL = PatternFill("solid", fgColor="E6F2EA")
THIN = Side(style="thin", color="9AA8A0")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _number_format(value) -> str:
    if value is None:
        return "General"
    return "#,##0" if Decimal(value) == Decimal(value).to_integral_value() else "#,##0.0#####"


def sheet_titles(units: list[Unit]) -> list[str]:
    titles, seen = [], set()
    for u in units:
        base = _BAD_TITLE.sub(" ", u.name).strip()[:31] or u.code
        title, n = base, 2
        while title.lower() in seen or title == META_SHEET:
            suffix = f" ({n})"
            title, n = base[:31 - len(suffix)] + suffix, n + 1
        seen.add(title.lower())
        titles.append(title)
    return titles


def roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"][n - 1] \
        if 1 <= n <= 15 else str(n)


def build_template(form: ReportForm, period: Period, units: list[Unit]) -> bytes:
    """The workbook for ``units`` (one sheet each), pre-filled with the stored values."""
    layout = FormLayout(form)
    data = FormData(form, period, units, layout)
    deadline = form.deadline_for(period)
    last_name = data.earlier[0].name if data.earlier else "năm trước"
    wb = Workbook()
    wb.remove(wb.active)
    meta = {"form": form.code, "version": form.version, "period": period.code, "sheets": []}
    for unit, title in zip(units, sheet_titles(units), strict=True):
        ws = wb.create_sheet(title=title)
        sheet_meta = {"title": title, "unit": unit.code, "cells": []}
        registry = data.registry_keys(unit)
        meta["sheets"].append(sheet_meta)
        ws.cell(row=1, column=1, value=safe_cell(form.name.upper())).font = Font(bold=True, size=13)
        ws.cell(row=2, column=1, value=safe_cell(
            f"Đơn vị báo cáo: {unit.name} ({unit.code}) — Kỳ: {period.name} — Hạn nộp: {deadline:%d/%m/%Y}"))
        ws.cell(row=3, column=1, value=safe_cell(
            f"Nhập số vào các ô nền vàng ở cột {VALUE_LETTER} (gõ 1.735,6 hoặc 1735.6). "
            f"Ô để nguyên như khi tải về thì không thay đổi; xóa số trong ô là xóa số liệu. "
            f"Biểu {form.code}, phiên bản {form.version}.")).font = Font(italic=True, color="55605A")
        headers = ["STT", "Chỉ tiêu", "Đơn vị tính", f"Cùng kỳ ({last_name})", f"{VALUE_HEADER} ({period.name})",
                   "Mã"]
        for col, h in enumerate(headers, start=1):
            c = ws.cell(row=5, column=col, value=safe_cell(h))
            c.font, c.fill, c.border = Font(bold=True), HEADER_FILL, BORDER
            c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        nonneg = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                                error="Nhập một số không âm (ví dụ 1735,6).",
                                promptTitle="Nhập số", prompt="Số không âm; để trống nếu chưa có.",
                                showInputMessage=True)
        anynum = DataValidation(type="decimal", operator="between", formula1="-99999999999999",
                                formula2="99999999999999", allow_blank=True, showErrorMessage=True,
                                errorTitle="Số liệu không hợp lệ", error="Nhập một số (ví dụ 1735,6).")
        ws.add_data_validation(nonneg)
        ws.add_data_validation(anynum)
        r = FIRST_ROW
        number = 0
        section_no = 0
        current_section = None
        for section in layout.sections:
            if section.title and section.title != current_section:
                section_no += 1
                current_section = section.title
                c = ws.cell(row=r, column=COL_STT, value=roman(section_no))
                c.font = Font(bold=True)
                c = ws.cell(row=r, column=COL_LABEL, value=safe_cell(section.title))
                c.font = Font(bold=True)
                for col in range(1, COL_CODE + 1):
                    ws.cell(row=r, column=col).border = BORDER
                r += 1
            for row in section.rows:
                number += 1
                total_row = r
                part_rows = []
                lines: list[tuple[CellSpec, bool]] = [(row.total, True)] + [(c, False) for c in row.option_cells]
                for cell, is_total in lines:
                    ws.cell(row=r, column=COL_STT, value=number if is_total else None)
                    label = ws.cell(row=r, column=COL_LABEL, value=safe_cell(cell.excel_label))
                    label.alignment = Alignment(wrap_text=True, indent=0 if is_total else 2)
                    if is_total:
                        label.font = Font(bold=True)
                    ws.cell(row=r, column=COL_MEASURE, value=safe_cell(cell.indicator.measure))
                    last = data.last_year(unit, cell.key)
                    lc = ws.cell(row=r, column=COL_LAST, value=safe_cell(last) if last is not None else None)
                    lc.number_format = _number_format(last)
                    vc = ws.cell(row=r, column=COL_VALUE)
                    if cell.absent:
                        pass
                    elif cell.key in registry:
                        vc.value = "Sổ đăng ký"
                        vc.fill = TOTAL_FILL
                        vc.alignment = Alignment(horizontal="right")
                    elif cell.computed:
                        vc.fill = TOTAL_FILL
                    else:
                        stored = data.stored(unit, cell.key)
                        vc.value = safe_cell(stored.value) if stored else None
                        vc.number_format = _number_format(stored.value if stored else None)
                        vc.fill = INPUT_FILL
                        vc.protection = Protection(locked=False)
                        (nonneg if cell.indicator.non_negative else anynum).add(vc.coordinate)
                        ws.cell(row=r, column=COL_CODE, value=cell.kt)
                        sheet_meta["cells"].append([
                            vc.coordinate, cell.key[0], cell.key[1],
                            None if stored is None else format(stored.value.normalize(), "f"),
                            stored.version if stored else 0,
                        ])
                    if not is_total and cell in row.parts:
                        part_rows.append(r)
                    for col in range(1, COL_CODE + 1):
                        ws.cell(row=r, column=col).border = BORDER
                    r += 1
                if row.total.computed and part_rows:
                    refs = ",".join(f"{VALUE_LETTER}{pr}" for pr in part_rows)
                    ws.cell(row=total_row, column=COL_VALUE, value=f"=SUM({refs})").number_format = "#,##0.###"
        for col, width in zip("ABCDEF", (6, 52, 12, 16, 18, 24), strict=True):
            ws.column_dimensions[col].width = width
        ws.column_dimensions[CODE_LETTER].hidden = True
        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=COL_LABEL + 1)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.print_options.gridLines = False
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
    ms = wb.create_sheet(title=META_SHEET)
    ms.cell(row=1, column=1, value="Thông tin biểu mẫu của Bậc Thang — không sửa.")
    ms.cell(row=2, column=1, value=f"{form.code} · phiên bản {form.version} · kỳ {period.code} · "
                                   + ", ".join(s["unit"] for s in meta["sheets"]))
    token = signing.dumps(meta, salt=SALT, compress=True)
    for i in range(0, len(token), CHUNK):
        ms.cell(row=3 + i // CHUNK, column=1, value=token[i:i + CHUNK])
    ms.sheet_state = "veryHidden"
    ms.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- upload
@dataclass
class SheetPlan:
    title: str
    form: ReportForm
    unit: Unit


@dataclass
class UploadPlan:
    form: ReportForm
    period: Period
    sheets: list[SheetPlan] = field(default_factory=list)
    changes: list[FigureChange] = field(default_factory=list)
    places: list[tuple[str, int, str]] = field(default_factory=list)  # (sheet, row, coordinate) per change
    warnings: list[str] = field(default_factory=list)

    def problem_for(self, index: int, message: str) -> Problem:
        sheet, row, coord = self.places[index]
        return Problem(message, line=row, column=f"{VALUE_HEADER} ({coord})", sheet=sheet)


def _open(source, filename: str):
    data, _name = read_upload(source, filename)
    if data[:4] != b"PK\x03\x04":
        raise ImportFailed([Problem("Tệp không phải tệp Excel .xlsx; hãy dùng biểu mẫu tải từ Bậc Thang.")])
    return open_xlsx(data)


def _read_meta(book) -> dict:
    if META_SHEET not in book.sheetnames:
        raise ImportFailed([Problem(
            "Tệp không phải biểu mẫu nhập liệu tải từ Bậc Thang (không có phần thông tin biểu mẫu). "
            "Hãy tải biểu mẫu từ trang Nhập số liệu rồi điền vào đó.")])
    rows = [cells for _, cells in iter_sheet_rows(book[META_SHEET])]
    token = "".join(str(cells[0]) for cells in rows[2:] if cells and cells[0] != "")
    try:
        meta = signing.loads(token, salt=SALT)
    except signing.BadSignature as e:
        raise ImportFailed([Problem(
            "Phần thông tin ẩn của biểu mẫu đã bị sửa hoặc không do hệ thống này tạo; "
            "hãy tải biểu mẫu mới từ Bậc Thang.")]) from e
    return meta


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.compare(b) == 0


def plan_upload(source, *, user, filename: str = "") -> UploadPlan:
    """Read and check a filled template; raises ImportFailed listing every problem."""
    book = _open(source, filename)
    try:
        meta = _read_meta(book)
        form = ReportForm.objects.filter(code=meta.get("form")).first()
        if form is None or not form.is_active:
            raise ImportFailed([Problem(f"Biểu mẫu '{meta.get('form')}' không còn trên hệ thống.")])
        if meta.get("version") != form.version:
            raise ImportFailed([Problem(
                f"Tệp là biểu {form.code} phiên bản {meta.get('version')}, nhưng biểu đã được sửa thành phiên bản "
                f"{form.version}. Hãy tải biểu mẫu mới và nhập lại số liệu.")])
        try:
            period = Period.objects.for_code(meta.get("period", ""))
        except PeriodCodeError as e:
            raise ImportFailed([Problem(str(e))]) from e
        if period.period_type != form.period_type:
            raise ImportFailed([Problem(f"Kỳ {period.code} không phù hợp với biểu {form.code}.")])
        sheets_meta = meta.get("sheets") or []
        units = {u.code: u for u in Unit.objects.filter(code__in=[s["unit"] for s in sheets_meta])}
        layout = FormLayout(form)
        data = FormData(form, period, units.values(), layout)
        plan = UploadPlan(form, period)
        problems: list[Problem] = []
        seen_units = set()
        for sm in sheets_meta:
            title = sm["title"]
            unit = units.get(sm["unit"])
            if title not in book.sheetnames:
                problems.append(Problem("Không tìm thấy trang tính này trong tệp (đã bị đổi tên hoặc xóa).",
                                        sheet=title))
                continue
            if unit is None:
                problems.append(Problem(f"Đơn vị '{sm['unit']}' không tồn tại.", sheet=title))
                continue
            if user is not None and not can_write(user, unit):
                problems.append(Problem(
                    f"{unit.name} ({unit.code}) nằm ngoài phạm vi bạn được nhập số liệu; không nhận trang này.",
                    sheet=title))
                continue
            if unit.pk in seen_units:
                problems.append(Problem(f"{unit.name} xuất hiện ở hai trang tính.", sheet=title))
                continue
            seen_units.add(unit.pk)
            try:
                check_target(form, unit, period)
            except ActionRefused as e:
                problems.extend(Problem(m, sheet=title) for m in e.messages)
                continue
            plan.sheets.append(SheetPlan(title, form, unit))
            problems.extend(_read_sheet(book[title], sm, unit, plan, layout, data, guard_editable))
        if problems:
            raise ImportFailed(problems)
        return plan
    finally:
        book.close()


def _read_sheet(ws, sm: dict, unit: Unit, plan: UploadPlan, layout: FormLayout, data: FormData,
                guard_editable) -> list[Problem]:
    title = sm["title"]
    grid: dict[int, list] = dict(iter_sheet_rows(ws))
    problems: list[Problem] = []
    edits: dict[Key, tuple[Decimal | None, int, int, str]] = {}
    place: dict[Key, tuple[int, str]] = {}

    def problem(row: int, coord: str, message: str):
        problems.append(Problem(message, line=row, column=f"{VALUE_HEADER} ({coord})", sheet=title))

    for coord, icode, ocode, prefilled, version in sm["cells"]:
        key: Key = (icode, ocode)
        cell = layout.by_key.get(key)
        m = re.match(r"^([A-Z]+)(\d+)$", coord)
        row = int(m.group(2)) if m else 0
        if cell is None:
            problems.append(Problem(f"Ô {coord} không còn thuộc biểu {layout.form.code}; hãy tải biểu mẫu mới.",
                                    sheet=title))
            continue
        place[key] = (row, coord)
        cells = grid.get(row, [])
        code = cells[COL_CODE - 1] if len(cells) >= COL_CODE else ""
        if str(code).strip() != key_text(key):
            problem(row, coord, "Cấu trúc trang tính đã bị thay đổi (dòng không còn là chỉ tiêu "
                                f"{cell.label}); hãy tải biểu mẫu mới.")
            continue
        raw = cells[COL_VALUE - 1] if len(cells) >= COL_VALUE else ""
        if raw == "" or raw is None:
            typed = None
        elif isinstance(raw, (Decimal, str)):
            try:
                typed = parse_number(raw)
            except NumberError as e:
                problem(row, coord, f"{cell.label}: {e}")
                continue
        else:
            problem(row, coord, f"{cell.label}: ô chứa ngày tháng hoặc giá trị đúng/sai, không phải số.")
            continue
        if typed is not None and cell.indicator.non_negative and typed < 0:
            problem(row, coord, f"{cell.label}: giá trị âm ({format_number(typed)} {cell.indicator.measure}) "
                                "không hợp lệ.")
            continue
        before = None if prefilled is None else Decimal(prefilled)
        if _same(typed, before):
            continue  # left as downloaded: not a change by this uploader
        edits[key] = (typed, int(version or 0), row, coord)
    if problems:
        return problems

    stored_now = {k: v.value for k, v in data.current[unit.pk].items()}
    merged = dict(stored_now)
    for key, (typed, _v, _r, _c) in edits.items():
        if typed is None:
            merged.pop(key, None)
        else:
            merged[key] = typed
    changed = {k for k, (typed, *_rest) in edits.items() if not _same(typed, stored_now.get(k))}
    locked = guard_editable(layout.form, unit, plan.period, sorted(changed, key=key_text))
    for key, message in locked.items():
        row, coord = place.get(key, (None, ""))
        if row is None:
            problems.append(Problem(message, sheet=title))
        else:
            problem(row, coord, message)
    if problems:
        return problems
    for v in data.check(unit, merged, keys=[k for k in changed]):
        involved = [k for k in v.keys if k in changed]
        if v.is_error and involved:
            where = next((place[k] for k in v.keys if k in place), None)
            if where:
                problem(where[0], where[1], v.message)
            else:
                problems.append(Problem(v.message, sheet=title))
        elif involved:
            plan.warnings.append(f"Trang '{title}': {v.message}")
    if problems:
        return problems
    for key in sorted(changed, key=lambda k: edits[k][2]):
        typed, version, row, coord = edits[key]
        cell = layout.by_key[key]
        plan.changes.append(FigureChange(cell.indicator, cell.option, unit, plan.period, typed,
                                         expected_version=version))
        plan.places.append((title, row, coord))
    return problems


# ---------------------------------------------------------------------------- Excel upload
@dataclass
class UploadResult:
    summary: WriteSummary
    sheets: list[tuple[str, Submission]]
    warnings: list[str]


def do_upload(source, *, user, filename: str = "", submit: bool = False, comment: str = "") -> UploadResult:
    """Check a filled template completely, then write all of it or nothing.

    Raises ``bacthang.lib.importing.ImportFailed`` with every problem (sheet and cell,
    in Vietnamese).  Uploading the same file twice changes nothing the second time.
    With ``submit`` every sheet's report is submitted after the write (same checks as
    ``do_submit``; a refusal there undoes the whole upload)."""
    plan = plan_upload(source, user=user, filename=filename)
    with transaction.atomic():
        for sheet in plan.sheets:  # checked again under lock: a report submitted since the check
            sub = lock_submission(sheet.form, sheet.unit, plan.period)
            if not sub.editable and any(ch.unit.pk == sheet.unit.pk for ch in plan.changes):
                raise ImportFailed([Problem(lock_message(sub), sheet=sheet.title)])
        try:
            summary = do_set_values(plan.changes, user=user, channel=Channel.IMPORT,
                                    reason=f"Tải biểu Excel {filename}".strip()) if plan.changes else WriteSummary()
        except WriteRefused as e:
            raise ImportFailed([plan.problem_for(i, m) for i, m in e.problems]) from e
        sheets = []
        for sheet in plan.sheets:
            sub = submission_for(sheet.form, sheet.unit, plan.period, create=True)
            if submit and sub.editable:
                try:
                    sub = do_submit(sheet.form, sheet.unit, plan.period, user=user, comment=comment,
                                    channel=Channel.IMPORT)
                except ActionRefused as e:
                    raise ImportFailed([Problem(m, sheet=sheet.title) for m in e.messages]) from e
            sheets.append((sheet.title, sub))
    return UploadResult(summary, sheets, plan.warnings)
