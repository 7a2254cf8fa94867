from django.core.management.base import BaseCommand, CommandError

from bacthang.lib.importing import ImportFailed
from bacthang.lib.numbers import STYLES
from datavalues.management.commands.import_values import report_failure, resolve_user
from programmes.importing import import_targets
from programmes.models import Programme


class Command(BaseCommand):
    help = ("Nhập mục tiêu của một chương trình từ CSV/XLSX: indicator,option,unit,period,value"
            "[,operator][,comment][,source].")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--programme", required=True, help="Mã chương trình, ví dụ 05-NQ/TU.")
        parser.add_argument("--number-style", choices=STYLES)
        parser.add_argument("--user")

    def handle(self, *args, file, programme, number_style=None, user=None, **options):
        prog = Programme.objects.filter(code=programme).first()
        if prog is None:
            raise CommandError(f"Chưa có chương trình '{programme}'; tạo bằng create_programme.")
        try:
            summary = import_targets(file, prog, user=resolve_user(user), number_style=number_style)
        except ImportFailed as e:
            report_failure(self, e)
        self.stdout.write(self.style.SUCCESS(f"Đã nhập mục tiêu: {summary}."))
