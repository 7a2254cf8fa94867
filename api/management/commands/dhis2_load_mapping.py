from django.core.management.base import BaseCommand, CommandError

from api.mapping_files import load_mapping
from api.models import Dhis2Instance
from bacthang.lib.importing import ImportFailed


class Command(BaseCommand):
    help = ("Nạp bảng ánh xạ UID của một máy chủ DHIS2 từ tệp CSV/XLSX có cột kind,uid,code[,name] "
            "(dataElement → mã chỉ tiêu; categoryOptionCombo → PHÂN_TỔ:NHÓM hoặc total; orgUnit → mã đơn vị).")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--instance", required=True, help="Tên máy chủ DHIS2.")
        parser.add_argument("--create", action="store_true", help="Khai báo máy chủ nếu chưa có.")

    def handle(self, *args, file, instance, create=False, **options):
        inst = Dhis2Instance.objects.filter(name=instance).first()
        if inst is None:
            if not create:
                raise CommandError(f"Chưa khai báo máy chủ DHIS2 '{instance}'; thêm --create để khai báo.")
            inst = Dhis2Instance.objects.create(name=instance)
        try:
            counts = load_mapping(file, inst)
        except ImportFailed as e:
            self.stderr.write(self.style.ERROR(f"Tệp bị từ chối, không ghi gì ({len(e.problems)} lỗi):"))
            for p in e.problems:
                self.stderr.write(f"  {p}")
            raise CommandError("Nạp bảng ánh xạ thất bại.", returncode=1) from e
        self.stdout.write(self.style.SUCCESS(
            f"Bảng ánh xạ '{inst.name}': {counts['created']} mới, {counts['updated']} sửa, "
            f"{counts['unchanged']} không đổi."))
