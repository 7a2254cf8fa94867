from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from legacy.measuring import measure, table


class Command(BaseCommand):
    help = ("Đo chất lượng trích số liệu từ báo cáo cũ trên các văn bản đã biết số liệu thật: tỷ lệ số liệu "
            "trích được (recall) và tỷ lệ gợi ý đúng chỉ tiêu, đơn vị, kỳ (precision). Cần danh mục chỉ tiêu "
            "và đơn vị hành chính đã nạp.")

    def add_arguments(self, parser):
        seeds = Path(settings.BASE_DIR) / "seeds"
        parser.add_argument("--seeds", default=str(seeds), help="Thư mục các văn bản .txt (mặc định seeds/).")
        parser.add_argument("--figures", default=str(seeds / "figures.csv"))
        parser.add_argument("--map", default=str(Path(settings.BASE_DIR) / "demo" / "data" / "seed_map.csv"))

    def handle(self, *args, seeds, figures, map, **options):
        self.stdout.write(table(measure(Path(seeds), Path(figures), Path(map))))
