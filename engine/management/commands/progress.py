import json

from django.core.management.base import BaseCommand, CommandError

from bacthang.lib.numbers import format_number, format_percent
from engine.progress import Progress
from periods.codes import PeriodCodeError
from programmes.models import Programme

COLUMNS = ["Chỉ tiêu", "Kỳ MT", "Mục tiêu", "Thực hiện", "% MT", "Cùng kỳ", "Tăng/giảm", "Lũy kế", "Dự báo",
           "Đánh giá"]


def _n(x, d=2):
    return "—" if x is None else format_number(x, d)


class Command(BaseCommand):
    help = "Tiến độ thực hiện các mục tiêu của một chương trình tại một đơn vị, một kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, programme, unit, period, format, **o):
        prog = Programme.objects.filter(code=programme).first()
        if prog is None:
            raise CommandError(f"Không có chương trình '{programme}'.")
        try:
            rows = Progress().rows(prog, unit, period)
        except (KeyError, PeriodCodeError) as e:
            raise CommandError(str(e).strip("'\"")) from e
        if format == "json":
            self.stdout.write(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
            return
        table = [COLUMNS]
        for r in rows:
            t = r.target
            name = t.indicator.name + (f" — {t.option.name}" if t.option else "") + f" ({t.indicator.measure})"
            table.append([name, t.period.code, ("≥ " if t.operator == ">=" else "") + _n(t.value), _n(r.actual),
                          "—" if r.percent is None else format_percent(r.percent), _n(r.last_year), _n(r.change),
                          _n(r.cumulative), _n(r.forecast), r.status_label])
        if len(table) == 1:
            self.stdout.write(f"{prog}: không có mục tiêu nào của đơn vị {unit} trong kỳ {period}.")
            return
        widths = [max(len(str(row[i])) for row in table) for i in range(len(COLUMNS))]
        for row in table:
            self.stdout.write("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
