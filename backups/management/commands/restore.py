import sys

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, restore

QUESTION = "Phục hồi sẽ XÓA toàn bộ dữ liệu hiện có và thay bằng bản sao lưu. Gõ 'co' để tiếp tục: "


class Command(BaseCommand):
    help = ("Phục hồi dữ liệu từ tệp sao lưu: thay toàn bộ dữ liệu hiện có (trong một giao dịch). Phiên đăng nhập "
            "và khóa đăng nhập không có trong bản sao lưu: mọi người dùng bị đăng xuất, mọi khóa được gỡ.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại (bắt buộc khi chạy không có bàn phím).")

    def handle(self, *args, file, yes=False, **options):
        if not yes:
            confirm()
        try:
            header = restore(file, progress=lambda m: self.stdout.write("  " + m))
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(f"Đã phục hồi bản sao lưu lúc {header['created']}; "
                                             "mọi người dùng cần đăng nhập lại."))


def confirm() -> None:
    """Ask on the terminal; refuse (exit 1, Vietnamese message) when nobody can answer."""
    stdin = sys.stdin
    try:
        interactive = stdin is not None and stdin.isatty()
    except (AttributeError, ValueError, OSError):  # closed or replaced stdin
        interactive = False
    if not interactive:
        raise CommandError("Không hỏi xác nhận được vì lệnh không chạy trên bàn phím (terminal); chưa phục hồi gì. "
                           "Phục hồi sẽ xóa toàn bộ dữ liệu hiện có — nếu chắc chắn, chạy lại với --yes.")
    try:
        answer = input(QUESTION)
    except (EOFError, KeyboardInterrupt, OSError, UnicodeDecodeError):
        raise CommandError("Không đọc được câu trả lời; chưa phục hồi gì. Nếu chắc chắn, chạy lại với --yes.") from None
    if answer.strip().lower() not in ("co", "có"):
        raise CommandError("Đã hủy; chưa phục hồi gì.")
