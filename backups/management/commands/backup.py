from django.core.management.base import BaseCommand

from backups.archive import backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu (số liệu, mục tiêu, sổ đăng ký, hỗ trợ, người dùng, nhật ký) vào một tệp .json.gz."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        header = backup(file, progress=lambda m: self.stdout.write("  " + m))
        total = sum(header["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu {total} dòng vào {file}."))
