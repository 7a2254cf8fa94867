from django.core.management.base import BaseCommand, CommandError

from units.loading import UnknownProvince, load_units


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính trước và sau sắp xếp 01/07/2025 cùng bảng chuyển đổi cũ → mới."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", action="append", dest="provinces", metavar="CODE",
            help="Mã tỉnh (ví dụ 12 cho Lai Châu); lặp lại để nạp nhiều tỉnh. Mặc định: cả nước.",
        )

    def handle(self, *args, provinces=None, **options):
        if provinces:
            bad = [p for p in provinces if not p.isdigit() or len(p) > 2]
            if bad:
                raise CommandError(f"Mã tỉnh không hợp lệ: {', '.join(bad)} (phải là số, ví dụ 12).")
        try:
            summary = load_units(provinces, progress=lambda m: self.stdout.write("  " + m))
        except UnknownProvince as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp đơn vị: {summary.created} mới, {summary.updated} cập nhật, "
            f"{summary.unchanged} không đổi; {summary.successions} cặp chuyển đổi mới."
        ))
        if summary.unmapped:
            self.stdout.write(f"{len(summary.unmapped)} xã cũ chưa có đơn vị kế thừa trong bảng chuyển đổi "
                              "(không đoán; số liệu của chúng không được cộng sang cấu trúc mới):")
            for code, name in summary.unmapped:
                self.stdout.write(f"  {code} {name}")
        else:
            self.stdout.write("Mọi xã cũ đã nạp đều có đơn vị kế thừa.")
