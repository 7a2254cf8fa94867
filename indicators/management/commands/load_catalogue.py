from django.core.management.base import BaseCommand

from indicators.loading import load_catalogue


class Command(BaseCommand):
    help = "Nạp danh mục chỉ tiêu mặc định (bao quát mọi số liệu trong các văn bản nguồn)."

    def handle(self, *args, **options):
        s = load_catalogue()
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp {s.indicators} chỉ tiêu, {s.disaggregations} phân tổ, {s.options} nhóm."
        ))
