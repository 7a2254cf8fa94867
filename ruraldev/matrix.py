"""The matrix of communes × criteria for a province or district, one year and level, and
its Excel export in the layout of the annual "biểu tổng hợp kết quả thực hiện bộ tiêu chí"
(one row per commune: STT, xã, bộ tiêu chí, nhóm xã, each criterion, số tiêu chí đạt,
trạng thái, công nhận; a last row with the number of communes meeting each criterion).
Statuses and counts come from ``ruraldev.evaluation`` — nothing is added up here
but the per-criterion column counts of the rows shown."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import Q

from units.models import REFORM_DATE, Level, Unit

from .evaluation import Sheet, build_sheet, set_criteria
from .models import CriteriaSet, Criterion, Evaluation, IndicatorResult, Recognition, Status

STATUS_TEXT = {Status.MET: "Đạt", Status.NOT_MET: "Chưa đạt", Status.UNKNOWN: "Chưa đánh giá"}


@dataclass
class Row:
    unit: Unit
    name: str
    evaluation: Evaluation | None = None
    sheet: Sheet | None = None
    statuses: dict[int, str] = field(default_factory=dict)
    recognitions: list[Recognition] = field(default_factory=list)
    cells: list[str | None] = field(default_factory=list)  # a status per column of the matrix

    @property
    def count_text(self) -> str:
        return self.sheet.count_text if self.sheet else ""


@dataclass
class Matrix:
    unit: Unit
    year: int
    level: str
    criteria: list[Criterion]
    rows: list[Row]

    def met_count(self, number: int) -> int:
        return sum(1 for r in self.rows if r.statuses.get(number) == Status.MET)

    @property
    def column_counts(self) -> list[tuple[Criterion, int]]:
        return [(c, self.met_count(c.number)) for c in self.criteria]

    @property
    def evaluated(self) -> int:
        return sum(1 for r in self.rows if r.sheet is not None)


def reference_day(year: int) -> dt.date:
    """The day whose communes a year's matrix lists: 30/06 until the reform, 31/12 after."""
    return dt.date(year, 6, 30) if dt.date(year, 6, 30) < REFORM_DATE else dt.date(year, 12, 31)


def build_matrix(unit: Unit, year: int, level: str) -> Matrix:
    inside = Q(code__startswith=unit.code + ".") | Q(pk=unit.pk)
    communes = list(Unit.objects.filter(inside, level=Level.COMMUNE).valid_on(reference_day(year)).order_by("code"))
    evaluations = list(Evaluation.objects.filter(year=year, criteria_set__level=level).filter(
        Q(unit__code__startswith=unit.code + ".") | Q(unit=unit)).select_related("unit", "criteria_set")
        .order_by("unit__code", "-criteria_set__version"))
    by_unit: dict[int, Evaluation] = {}
    for ev in evaluations:
        by_unit.setdefault(ev.unit_id, ev)
    known = {u.pk for u in communes}
    communes += [ev.unit for ev in by_unit.values() if ev.unit_id not in known]
    communes.sort(key=lambda u: u.code)
    criteria_by_set: dict[int, list[Criterion]] = {}
    results: dict[int, dict] = defaultdict(dict)
    for r in IndicatorResult.objects.filter(evaluation__in=list(by_unit.values())):
        results[r.evaluation_id][r.indicator_id] = r
    recs = defaultdict(list)
    for rec in Recognition.objects.filter(unit__in=communes, level=level).order_by("decided_on"):
        recs[rec.unit_id].append(rec)
    rows = []
    for u in communes:
        row = Row(u, u.name_on(reference_day(year)), recognitions=recs.get(u.pk, []))
        ev = by_unit.get(u.pk)
        if ev is not None:
            if ev.criteria_set_id not in criteria_by_set:
                criteria_by_set[ev.criteria_set_id] = set_criteria(ev.criteria_set_id)
            row.evaluation = ev
            row.sheet = build_sheet(ev, criteria=criteria_by_set[ev.criteria_set_id], results=results[ev.pk])
            row.statuses = {c.criterion.number: c.status for c in row.sheet.criteria}
        rows.append(row)
    if criteria_by_set:
        criteria = max(criteria_by_set.values(), key=len)
    else:
        in_force = (CriteriaSet.objects.filter(level=level, in_force_from__lte=dt.date(year, 12, 31))
                    .filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=dt.date(year, 1, 1)))
                    .order_by("-version").first())
        criteria = set_criteria(in_force.pk) if in_force else []
    for row in rows:
        row.cells = [row.statuses.get(c.number) for c in criteria]
    return Matrix(unit, year, level, criteria, rows)


def matrix_workbook(m: Matrix, level_label: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from bacthang.lib.xlsx import BORDER, HEADER_FILL, safe_cell

    wb = Workbook()
    ws = wb.active
    ws.title = f"Tổng hợp {m.year}"
    numbers = [c.number for c in m.criteria]
    headers = ["STT", "Tên xã", "Bộ tiêu chí (phiên bản)", "Nhóm xã", *[f"TC {n}" for n in numbers],
               "Số tiêu chí đạt", "Trạng thái đánh giá", "Quyết định công nhận"]
    ws.cell(row=1, column=1, value=safe_cell(
        f"BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ — {level_label.upper()}")).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=safe_cell(f"{m.unit.name} — năm {m.year}"))
    ws.cell(row=3, column=1, value=safe_cell(
        "Ghi chú: " + "; ".join(f"TC {c.number}: {c.name}" for c in m.criteria)))
    head = 5
    for col, h in enumerate(headers, start=1):
        c = ws.cell(row=head, column=col, value=safe_cell(h))
        c.font, c.fill, c.border = Font(bold=True), HEADER_FILL, BORDER
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    fills = {Status.MET: PatternFill("solid", fgColor="E6F2EA"), Status.NOT_MET: PatternFill("solid", fgColor="FDECEA")}
    r = head
    for i, row in enumerate(m.rows, start=1):
        r = head + i
        ev = row.evaluation
        values = [i, row.name, f"{ev.criteria_set.name} (v{ev.criteria_set.version})" if ev else "Chưa đánh giá",
                  (ev.criteria_set.group_name(ev.group) if ev else "")]
        values += [STATUS_TEXT[row.statuses[n]] if n in row.statuses else "" for n in numbers]
        values += [row.sheet.met if row.sheet else None, ev.get_status_display() if ev else "",
                   "; ".join(f"{x.decision_number} ngày {x.decided_on:%d/%m/%Y}"
                             + (f" (thu hồi {x.withdrawn_on:%d/%m/%Y})" if x.withdrawn_on else "")
                             for x in row.recognitions)]
        for col, v in enumerate(values, start=1):
            c = ws.cell(row=r, column=col, value=safe_cell(v))
            c.border = BORDER
            if 5 <= col < 5 + len(numbers):
                status = row.statuses.get(numbers[col - 5])
                if status in fills:
                    c.fill = fills[status]
    total_row = r + 1
    ws.cell(row=total_row, column=2, value="Số xã đạt tiêu chí").font = Font(bold=True)
    for j, n in enumerate(numbers):
        ws.cell(row=total_row, column=5 + j, value=m.met_count(n)).font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=head + 1, column=3)
    for col in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 8 if 5 <= col < 5 + len(numbers) else 24
    ws.column_dimensions["A"].width = 6
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
