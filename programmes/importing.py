"""Target files: the value file format plus an optional ``operator`` column (>=, =, <=)."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from audit.models import Channel
from bacthang.lib.importing import read_table
from datavalues.importing import FigureReader, write_or_fail
from datavalues.writing import WriteSummary

from .models import Operator, Programme
from .writing import do_set_targets

OPERATORS = {">=": Operator.AT_LEAST, "≥": Operator.AT_LEAST, "trên": Operator.AT_LEAST, "=": Operator.EXACTLY,
             "<=": Operator.AT_MOST, "≤": Operator.AT_MOST, "dưới": Operator.AT_MOST}


def import_targets(source, programme: Programme, *, user=None, filename: str | None = None,
                   number_style: str | None = None, channel: str = Channel.IMPORT) -> WriteSummary:
    table = read_table(source, filename, number_style)
    with transaction.atomic():
        reader = FigureReader(table, extra_columns=["operator"], for_target=True)

        def with_operator(row, change):
            raw = str(row.cells.get("operator", "") or "").strip().lower()
            if not raw:
                return replace(change, attrs=(("operator", Operator.AT_LEAST),))
            if raw not in OPERATORS:
                reader.problem(row, "operator", f"Hướng mục tiêu '{raw}' không hợp lệ; dùng >=, = hoặc <=.")
                return None
            return replace(change, attrs=(("operator", OPERATORS[raw]),))

        rows = reader.read(with_operator)
        reader.fail_if_problems()
        return write_or_fail(rows, lambda chs: do_set_targets(programme, chs, user=user, channel=channel,
                                                              reason=f"Nhập tệp {filename or ''}".strip()))
