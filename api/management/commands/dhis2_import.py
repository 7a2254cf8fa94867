from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.dhis2_views import run_import
from audit.models import Channel
from bacthang.lib import safejson

from .dhis2_export import instance_named


class Command(BaseCommand):
    help = ("Nhập tệp dataValueSets JSON của DHIS2 qua bảng ánh xạ của một máy chủ, với quyền của một người dùng. "
            "Cả tệp hợp lệ mới được ghi; nhập lại cùng tệp không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--instance", required=True, help="Tên máy chủ DHIS2 đã khai báo.")
        parser.add_argument("--user", required=True,
                            help="Tên đăng nhập: phạm vi ghi của người này được áp dụng và ghi vào nhật ký.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, file, instance, user, dry_run=False, **options):
        inst = instance_named(instance)
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"Không có người dùng '{user}'.")
        doc = read_document(file)
        summary, problems = run_import(doc, inst, account, channel=Channel.IMPORT, dry_run=dry_run,
                                       reason=f"DHIS2 {inst.name}: tệp {file}"[:255])
        if problems:
            self.stderr.write(self.style.ERROR(f"Tệp bị từ chối, không ghi giá trị nào ({len(problems)} lỗi):"))
            for p in problems:
                where = f"giá trị thứ {p.index + 1}" if p.index is not None else "tệp"
                field = f", {p.field}" if p.field else ""
                self.stderr.write(f"  {where}{field}: {p.message}")
            raise CommandError("Nhập tệp thất bại.", returncode=1)
        prefix = "Kiểm tra xong, chưa ghi" if dry_run else "Đã nhập"
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {summary}."))


def read_document(file: str):
    """The JSON document of ``file``; every failure a Vietnamese CommandError (never Python's text)."""
    try:
        with open(file, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise CommandError(f"Không tìm thấy tệp '{file}'.") from None
    except IsADirectoryError:
        raise CommandError(f"'{file}' là một thư mục, không phải tệp.") from None
    except PermissionError:
        raise CommandError(f"Không có quyền đọc tệp '{file}'.") from None
    except OSError:
        raise CommandError(f"Không đọc được tệp '{file}'.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"Tệp '{file}' không phải văn bản UTF-8.") from None
    try:
        return safejson.loads(text)
    except safejson.JSONError as e:
        raise CommandError(f"Tệp '{file}' không phải JSON hợp lệ: {e}") from None
