from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bacthang.lib.importing import ImportFailed
from bacthang.lib.numbers import STYLES
from datavalues.importing import import_values


def resolve_user(username):
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as e:
        raise CommandError(f"Không có người dùng '{username}'.") from e


def report_failure(command, error: ImportFailed):
    command.stderr.write(command.style.ERROR(f"Tệp bị từ chối, không ghi số liệu nào ({len(error.problems)} lỗi):"))
    for p in error.problems:
        command.stderr.write(f"  {p}")
    raise CommandError("Nhập tệp thất bại.", returncode=1)


class Command(BaseCommand):
    help = ("Nhập số liệu từ tệp CSV hoặc XLSX dạng dài: indicator,option,unit,period,value[,comment][,source]. "
            "Cả tệp hợp lệ mới được ghi; nhập lại cùng tệp không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--number-style", choices=STYLES,
                            help="Kiểu số trong tệp: vi (1.735,6, mặc định) hoặc plain (1735.6).")
        parser.add_argument("--user", help="Tên đăng nhập ghi vào nhật ký thay đổi.")

    def handle(self, *args, file, number_style=None, user=None, **options):
        try:
            summary = import_values(file, user=resolve_user(user), number_style=number_style,
                                    progress=lambda m: self.stdout.write(m) or self.stdout.flush())
        except ImportFailed as e:
            report_failure(self, e)
        self.stdout.write(self.style.SUCCESS(f"Đã nhập: {summary}."))
