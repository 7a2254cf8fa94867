from django.core.management.base import BaseCommand, CommandError

from bacthang.lib.importing import ImportFailed

from ...excel import do_upload
from ._common import get_user


class Command(BaseCommand):
    help = ("Nhập biểu Excel đã điền (tải bằng form_template hoặc trên web). Cả tệp được kiểm tra trước; "
            "có lỗi thì không ghi gì và thoát với mã lỗi. Nhập lại cùng tệp không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người nhập (kiểm tra phạm vi).")
        parser.add_argument("--submit", action="store_true", help="Nộp báo cáo sau khi nhập.")
        parser.add_argument("--comment", default="", help="Giải trình khi nộp có cảnh báo.")

    def handle(self, *args, file, user, submit=False, comment="", **options):
        try:
            result = do_upload(file, user=get_user(user), filename=str(file), submit=submit, comment=comment)
        except ImportFailed as e:
            self.stderr.write(self.style.ERROR(
                f"Tệp bị từ chối, không ghi số liệu nào ({len(e.problems)} lỗi):"))
            for p in e.problems:
                self.stderr.write(f"  {p}")
            raise CommandError("Nhập biểu thất bại.", returncode=1) from e
        for w in result.warnings:
            self.stdout.write(self.style.WARNING(f"Cảnh báo: {w}"))
        for title, sub in result.sheets:
            self.stdout.write(f"  {title}: {sub.unit.code} {sub.period.code} — {sub.get_status_display()}")
        self.stdout.write(self.style.SUCCESS(f"Đã nhập: {result.summary}."))
