from django.core.management.base import BaseCommand, CommandError

from demo.loading import DEMO_PASSWORD, DEMO_USERS, DemoError, ensure_demo_users, load_demo


class Command(BaseCommand):
    help = ("Nạp dữ liệu mẫu từ năm văn bản nguồn: đơn vị hành chính, danh mục chỉ tiêu, Nghị quyết 05-NQ/TU "
            "và các mục tiêu, số liệu của Thành phố Lai Châu, tỉnh Lai Châu (12/2023) và tỉnh Hà Giang; "
            "tạo tài khoản admin / demo.  Chỉ chạy khi DEBUG bật.")

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", dest="provinces", metavar="CODE",
                            help="Chỉ nạp đơn vị của các tỉnh này (mặc định: cả nước).")

    def handle(self, *args, provinces=None, **options):
        try:
            s = load_demo(provinces, progress=self.stdout.write)
        except DemoError as e:
            raise CommandError(str(e)) from e
        created = ensure_demo_users()
        self.stdout.write(self.style.SUCCESS(
            f"Dữ liệu mẫu: {s.programmes} chương trình; số liệu {s.values}; mục tiêu {s.targets}; "
            f"{s.derived} số liệu tính toán được kiểm tra, {s.not_stored} không lưu (xem demo/data/seed_map.csv)."
        ))
        if created:
            self.stdout.write(f"Đã tạo tài khoản mẫu (mật khẩu {DEMO_PASSWORD}): " + ", ".join(created))
        self.stdout.write("Tài khoản mẫu: " + ", ".join(f"{u} ({d[0]})" for u, d in DEMO_USERS.items()))
