from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...excel import build_template
from ._common import get_form, get_period, get_unit


class Command(BaseCommand):
    help = ("Tạo biểu Excel để nhập số liệu cho một đơn vị (hoặc mọi đơn vị trực thuộc phải báo cáo biểu) "
            "và một kỳ, điền sẵn số liệu đã có.")

    def add_arguments(self, parser):
        parser.add_argument("--form", required=True, help="Mã biểu, ví dụ BC_THANG_XA.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị: đơn vị báo cáo hoặc đơn vị cấp trên.")
        parser.add_argument("--period", required=True, help="Mã kỳ, ví dụ 202312.")
        parser.add_argument("--out", required=True, help="Tệp .xlsx sẽ ghi.")

    def handle(self, *args, form, unit, period, out, **options):
        f, u, p = get_form(form), get_unit(unit), get_period(period)
        if p.period_type != f.period_type:
            raise CommandError(f"Biểu {f.code} báo cáo theo kỳ '{f.get_period_type_display().lower()}'; "
                               f"kỳ {p.code} không phù hợp.")
        if f.applies_to(u):
            units = [u]
        elif u.level < f.level:
            units = list(f.expected_units(p, within=u))
        else:
            units = []
        if not units:
            raise CommandError(f"{u.name} ({u.code}) và các đơn vị trực thuộc không báo cáo biểu {f.code}.")
        Path(out).write_bytes(build_template(f, p, units))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {out}: biểu {f.code} phiên bản {f.version}, kỳ {p.code}, "
                                             f"{len(units)} đơn vị."))
