"""Long-format figure files: ``indicator,option,unit,period,value[,comment][,source]``.

Read with the importer framework (``bacthang.lib.importing``), resolved against the
catalogue, units and periods, then written in one batch through
``datavalues.writing``: any bad row → nothing written and every bad row reported
with its line; the same file twice → nothing changes the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction

from audit.models import Channel
from bacthang.lib.importing import ImportFailed, Problem, Table, read_table, require_columns
from bacthang.lib.numbers import NumberColumn, NumberError
from bacthang.lib.xlsx import unguard_text
from indicators.models import Indicator, Option
from periods.codes import PeriodCodeError, parse_period
from periods.models import Period
from units.models import Unit

from .validation import check_figure
from .writing import FigureChange, WriteRefused, WriteSummary, do_set_values

REQUIRED = ["indicator", "option", "unit", "period", "value"]
OPTIONAL = ["comment", "source"]


class FigureReader:
    """Turns table rows into FigureChanges, collecting a Problem for every bad cell."""

    def __init__(self, table: Table, extra_columns: Sequence[str] = (), for_target: bool = False):
        self.table = table
        self.for_target = for_target
        require_columns(table, REQUIRED, [*OPTIONAL, *extra_columns])
        if not table.rows:
            raise ImportFailed([Problem("Tệp không có dòng số liệu nào (chỉ có dòng tiêu đề).", sheet=table.sheet)])
        rows = table.rows
        self.indicators = {i.code: i for i in Indicator.objects.select_related("disaggregation")}
        self.options = {(o.disaggregation_id, o.code): o for o in Option.objects.all()}
        unit_codes = {str(r.cells.get("unit", "")).strip() for r in rows}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
        self.period_codes = {str(r.cells.get("period", "")).strip() for r in rows}
        self.periods: dict[str, Period] = {}
        self.problems: list[Problem] = []
        self.numbers = NumberColumn(table.number_style)

    def problem(self, row, column, message):
        where_col = row.letters.get(column) if row.letters else None
        self.problems.append(Problem(message, line=row.line, column=f"{column} ({where_col}{row.line})"
                                     if where_col else column, sheet=self.table.sheet))

    def read(self, row_hook: Callable | None = None) -> list[tuple[int, FigureChange]]:
        valid_periods = {}
        for code in self.period_codes:
            try:
                valid_periods[code] = parse_period(code)
            except PeriodCodeError:
                pass
        self.periods = Period.objects.for_codes(valid_periods)
        result, seen = [], {}
        for row in self.table.rows:
            c = row.cells
            ok = True
            icode = str(c.get("indicator", "")).strip().upper()
            indicator = self.indicators.get(icode)
            if indicator is None:
                self.problem(row, "indicator", f"Chỉ tiêu '{icode}' không có trong danh mục." if icode
                             else "Thiếu mã chỉ tiêu.")
                ok = False
            ocode = str(c.get("option", "")).strip().upper()
            option = None
            if indicator and ocode:
                option = self.options.get((indicator.disaggregation_id, ocode))
                if option is None:
                    if indicator.disaggregation_id is None:
                        self.problem(row, "option", f"Chỉ tiêu {icode} không có phân tổ; để trống cột option.")
                    else:
                        names = ", ".join(code for (d, code) in self.options if d == indicator.disaggregation_id)
                        self.problem(row, "option", f"Nhóm '{ocode}' không thuộc chỉ tiêu {icode} (có: {names}).")
                    ok = False
            ucode = str(c.get("unit", "")).strip()
            unit = self.units.get(ucode)
            if unit is None:
                self.problem(row, "unit", f"Đơn vị '{ucode}' không tồn tại (mã dạng 12, 12.105, 12.105.03409)."
                             if ucode else "Thiếu mã đơn vị.")
                ok = False
            pcode = str(c.get("period", "")).strip()
            period = self.periods.get(pcode)
            if period is None:
                try:
                    parse_period(pcode)
                except PeriodCodeError as e:
                    self.problem(row, "period", str(e))
                ok = False
            raw = c.get("value", "")
            value = None
            if raw == "" or raw is None:
                self.problem(row, "value", "Thiếu giá trị.")
                ok = False
            else:
                try:
                    value = self.numbers.read(raw, row.where("value"))
                except NumberError as e:
                    self.problem(row, "value", str(e))
                    ok = False
                except TypeError:
                    self.problem(row, "value", "Ô giá trị không chứa số (ngày tháng hoặc kiểu khác).")
                    ok = False
            if not ok:
                continue
            change = FigureChange(
                indicator, option, unit, period, value,
                comment=unguard_text(str(c["comment"])) if "comment" in c else None,
                source=unguard_text(str(c["source"])) if "source" in c else None,
            )
            if row_hook:
                change = row_hook(row, change)
                if change is None:
                    continue
            if change.key() in seen:
                self.problem(row, "indicator", f"Trùng số liệu với dòng {seen[change.key()]}.")
                continue
            seen[change.key()] = row.line
            msgs = check_figure(indicator, option, unit, period, value, for_target=self.for_target)
            for m in msgs:
                self.problem(row, "value", m)
            if not msgs:
                result.append((row.line, change))
        for where, message in self.numbers.conflicts():
            self.problems.append(Problem(message, column=f"value ({where})", sheet=self.table.sheet))
        return result

    def fail_if_problems(self):
        if self.problems:
            self.problems.sort(key=lambda p: (p.line or 0))
            raise ImportFailed(self.problems)


def write_or_fail(rows: list[tuple[int, FigureChange]], writer: Callable[[list[FigureChange]], WriteSummary]):
    try:
        return writer([ch for _, ch in rows])
    except WriteRefused as e:
        raise ImportFailed([Problem(m, line=rows[i][0]) for i, m in e.problems]) from e


def import_values(source, *, user=None, filename: str | None = None, number_style: str | None = None,
                  channel: str = Channel.IMPORT, progress=None) -> WriteSummary:
    """Import a long-format value file; raises ImportFailed (nothing written) on any problem.

    ``progress`` (a function taking a Vietnamese line) hears about each stage of a long import."""
    say = progress or (lambda m: None)
    table = read_table(source, filename, number_style)
    say(f"Đã đọc {len(table.rows)} dòng.")
    with transaction.atomic():
        reader = FigureReader(table)
        rows = reader.read()
        reader.fail_if_problems()
        say(f"Đã kiểm tra {len(rows)} dòng: hợp lệ.")

        def batches(done, total):
            say(f"Đang ghi {done}/{total} …")

        return write_or_fail(rows, lambda chs: do_set_values(chs, user=user, channel=channel,
                                                             reason=f"Nhập tệp {filename or ''}".strip(),
                                                             progress=batches))
