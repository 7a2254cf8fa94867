from django.core.management.base import BaseCommand, CommandError

from ...report import validation_report
from ._common import get_period, get_unit


class Command(BaseCommand):
    help = ("Kiểm tra mọi số liệu của một đơn vị và các đơn vị trực thuộc trong một kỳ: quy tắc kiểm tra, "
            "giá trị bất thường so với cùng kỳ các năm trước, nguồn số liệu không khớp.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--fail-on-error", action="store_true",
                            help="Thoát với mã lỗi 1 khi có vi phạm quy tắc mức lỗi.")

    def handle(self, *args, unit, period, fail_on_error=False, **options):
        u, p = get_unit(unit), get_period(period)
        report = validation_report(u, p)
        self.stdout.write(f"Kiểm tra {u.name} ({u.code}) và các đơn vị trực thuộc, {p.name}: "
                          f"{report.values_checked} số liệu, {report.units_checked} đơn vị.")
        titles = {"rule": "Vi phạm quy tắc kiểm tra", "conflict": "Nguồn số liệu không khớp",
                  "plausibility": "Giá trị bất thường"}
        for kind, items in report.by_kind.items():
            self.stdout.write(f"\n{titles.get(kind, kind)}: {len(items)}")
            for v in items:
                level = "LỖI" if v.is_error else "cảnh báo"
                self.stdout.write(f"  [{level}] {v.unit_name} ({v.unit}): {v.message}")
        self.stdout.write(f"\nTổng cộng {len(report.violations)} vấn đề.")
        if fail_on_error and report.errors:
            raise CommandError(f"{len(report.errors)} vi phạm quy tắc mức lỗi.", returncode=1)
