from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bacthang.lib.numbers import STYLES, VI
from datavalues.exporting import values_queryset, write_values, write_values_xlsx
from indicators.models import Indicator
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Unit


class Command(BaseCommand):
    help = "Xuất số liệu ra CSV hoặc Excel (.xlsx) dạng dài (cùng định dạng với import_values)."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Tệp kết quả, đuôi .csv hoặc .xlsx; mặc định in CSV ra màn hình.")
        parser.add_argument("--unit", help="Chỉ xuất đơn vị này và các đơn vị trực thuộc.")
        parser.add_argument("--period", help="Chỉ xuất kỳ này (ví dụ 202312).")
        parser.add_argument("--indicator", help="Chỉ xuất chỉ tiêu này.")
        parser.add_argument("--number-style", choices=STYLES, default=VI)

    def handle(self, *args, out=None, unit=None, period=None, indicator=None, number_style=VI, **options):
        kind = Path(out).suffix.lower() if out else ".csv"
        if kind not in (".csv", ".xlsx"):
            raise CommandError(f"Tệp kết quả '{out}' phải có đuôi .csv hoặc .xlsx.")
        u = p = i = None
        if unit:
            u = Unit.objects.filter(code=unit).first()
            if u is None:
                raise CommandError(f"Đơn vị '{unit}' không tồn tại.")
        if period:
            try:
                p = Period.objects.for_code(period)
            except PeriodCodeError as e:
                raise CommandError(str(e)) from e
        if indicator:
            i = Indicator.objects.filter(code=indicator.upper()).first()
            if i is None:
                raise CommandError(f"Chỉ tiêu '{indicator}' không có trong danh mục.")
        qs = values_queryset(u, p, i)
        if not out:
            write_values(self.stdout, qs, number_style)
            return
        try:
            if kind == ".xlsx":
                with open(out, "wb") as f:
                    n = write_values_xlsx(f, qs, number_style)
            else:
                with open(out, "w", encoding="utf-8", newline="") as f:
                    n = write_values(f, qs, number_style)
        except OSError as e:
            raise CommandError(f"Không ghi được tệp {out} (thư mục không tồn tại hoặc không có quyền ghi).") from e
        self.stderr.write(f"Đã xuất {n} số liệu vào {out}.")
