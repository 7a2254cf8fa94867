from django.core.management.base import BaseCommand

from api.mapping_files import dump_mapping

from .dhis2_export import instance_named
from .dhis2_import import write_text


class Command(BaseCommand):
    help = ("Xuất bảng ánh xạ UID của một máy chủ DHIS2 ra tệp CSV kind,uid,code,name — đúng dạng "
            "dhis2_load_mapping nạp lại.")

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="Tên máy chủ DHIS2 đã khai báo.")
        parser.add_argument("--out", required=True, help="Tệp CSV ghi ra ('-' để in ra màn hình).")

    def handle(self, *args, instance, out, **options):
        inst = instance_named(instance)
        text = dump_mapping(inst)
        if out == "-":
            self.stdout.write(text, ending="")
        else:
            write_text(out, text)
        self.stderr.write(self.style.SUCCESS(
            f"Đã xuất {inst.mappings.count()} dòng ánh xạ của máy chủ DHIS2 '{inst.name}'."))
