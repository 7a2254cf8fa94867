from django.core.management.base import BaseCommand

from ...models import ReportForm


class Command(BaseCommand):
    help = "In danh sách biểu mẫu báo cáo: mã, tên, loại kỳ, cấp báo cáo, địa bàn, hạn nộp, phiên bản."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Cả các biểu không còn dùng.")

    def handle(self, *args, all=False, **options):
        qs = ReportForm.objects.select_related("root_unit").prefetch_related("rows")
        if not all:
            qs = qs.filter(is_active=True)
        for f in qs:
            root = f.root_unit.code if f.root_unit else "cả nước"
            self.stdout.write(
                f"{f.code}\t{f.name}\t{f.get_period_type_display()}\t{f.get_level_display()}\t{root}\t"
                f"hạn +{f.deadline_offset_days} ngày sau ngày chốt\tphiên bản {f.version}\t{len(f.rows.all())} chỉ tiêu"
            )
