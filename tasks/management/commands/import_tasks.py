from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from audit.models import Channel
from bacthang.lib.importing import ImportFailed
from tasks.importing import import_offices, import_tasks


class Command(BaseCommand):
    help = ("Nhập nhiệm vụ (hoặc cơ quan, với --offices) từ tệp CSV/XLSX theo mẫu; tệp có lỗi thì không ghi gì, "
            "nhập lại cùng tệp không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--offices", action="store_true", help="Tệp là danh sách cơ quan, đơn vị.")
        parser.add_argument("--user", help="Ghi nhận thay đổi là của người dùng này (kiểm tra phạm vi).")

    def handle(self, *args, file, offices=False, user=None, **options):
        who = None
        if user:
            who = get_user_model().objects.filter(username=user).first()
            if who is None:
                raise CommandError(f"Không có người dùng '{user}'.")
        try:
            result = (import_offices if offices else import_tasks)(file, user=who, channel=Channel.IMPORT)
        except ImportFailed as e:
            for p in e.problems:
                self.stderr.write(str(p))
            raise CommandError("Tệp bị từ chối; không dòng nào được ghi.") from e
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
