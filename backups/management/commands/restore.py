from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, restore


class Command(BaseCommand):
    help = "Phục hồi dữ liệu từ tệp sao lưu: thay toàn bộ dữ liệu hiện có (trong một giao dịch)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại.")

    def handle(self, *args, file, yes=False, **options):
        if not yes and options.get("interactive", True):
            answer = input("Phục hồi sẽ XÓA toàn bộ dữ liệu hiện có và thay bằng bản sao lưu. Gõ 'co' để tiếp tục: ")
            if answer.strip().lower() not in ("co", "có"):
                raise CommandError("Đã hủy.")
        try:
            header = restore(file, progress=lambda m: self.stdout.write("  " + m))
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(f"Đã phục hồi bản sao lưu lúc {header['created']}."))
