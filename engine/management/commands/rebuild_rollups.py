from django.core.management.base import BaseCommand

from engine.maintain import rebuild


class Command(BaseCommand):
    help = ("Tính lại toàn bộ số liệu tổng hợp sẵn (nút tổng hợp) từ số liệu đã lưu — sau khi nạp dữ liệu "
            "ngoài đường ghi của hệ thống, hoặc để kiểm tra.")

    def add_arguments(self, parser):
        parser.add_argument("--indicator", action="append", dest="indicators", metavar="CODE")

    def handle(self, *args, indicators=None, **options):
        n = rebuild(indicators, progress=lambda m: self.stdout.write("  " + m))
        self.stdout.write(self.style.SUCCESS(f"Đã tính lại tổng hợp từ {n} số liệu."))
