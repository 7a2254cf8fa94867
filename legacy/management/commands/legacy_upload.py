from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from audit.models import Channel
from legacy.actions import do_upload
from legacy.reading import MAX_BYTES, Unreadable
from units.models import Unit


class Command(BaseCommand):
    help = ("Đọc một báo cáo cũ (.docx hoặc .txt) và tạo các số liệu ứng viên chờ xem xét; tải lại cùng báo cáo "
            "không tạo trùng. Không ghi số liệu nào khi chưa được xác nhận.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help="Mã đơn vị của báo cáo (ví dụ 12).")
        parser.add_argument("--title", default="")
        parser.add_argument("--user", help="Người tải lên (kiểm tra phạm vi).")

    def handle(self, *args, file, unit, title="", user=None, **options):
        u = Unit.objects.filter(code=unit).first()
        if u is None:
            raise CommandError(f"Không có đơn vị mã '{unit}'.")
        who = None
        if user:
            who = get_user_model().objects.filter(username=user).first()
            if who is None:
                raise CommandError(f"Không có người dùng '{user}'.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
        try:
            up = do_upload(path.read_bytes(), path.name, unit=u, user=who, channel=Channel.IMPORT, title=title)
        except Unreadable as e:
            raise CommandError(str(e)) from e
        state = "mới" if up.created else "đã có, tải lại"
        self.stdout.write(f"Báo cáo #{up.document.pk} ({state}): {up.new_candidates} số liệu ứng viên mới; "
                          f"xem xét tại /bao-cao-cu/{up.document.pk}/")
