import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from jobs.runner import run_pending


class Command(BaseCommand):
    help = "Chạy các việc nền đang chờ (nhập tệp lớn …); --once: chạy một lượt rồi dừng."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Chạy các việc đang chờ một lượt rồi dừng.")
        parser.add_argument("--interval", type=float, default=2.0, help="Số giây giữa hai lượt (mặc định 2).")

    def handle(self, *args, once=False, interval=2.0, **options):
        while True:
            close_old_connections()  # a long-lived process: never a stale connection
            done = run_pending()
            if done:
                self.stdout.write(f"Đã chạy {done} việc.")
            if once:
                return
            time.sleep(interval)
