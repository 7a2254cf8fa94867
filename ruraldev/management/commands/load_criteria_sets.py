from django.core.management.base import BaseCommand, CommandError

from ruraldev.loading import BadSetFile, load_set, load_shipped_sets


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí nông thôn mới từ tệp dữ liệu (mặc định: các tệp kèm theo trong ruraldev/data/)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Tệp JSON bộ tiêu chí; để trống: các bộ kèm theo.")

    def handle(self, *args, files, **options):
        try:
            if not files:
                load_shipped_sets(progress=self.stdout.write)
                return
            for f in files:
                s, created = load_set(f)
                self.stdout.write(f"{'Đã nạp' if created else 'Đã có'} {s} — {s.placeholder_count} ngưỡng tạm.")
        except (BadSetFile, OSError, ValueError) as e:
            raise CommandError(str(e)) from e
