import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.dhis2_formats import FORMAT_NAMES, FORMATS, FileRefused, read_document
from api.dhis2_views import run_import, summary_answer
from audit.models import Channel
from bacthang.lib.importing import MAX_BYTES

from .dhis2_export import instance_named


class Command(BaseCommand):
    help = ("Nhập tệp dataValueSets của DHIS2 — JSON, CSV hoặc ADX (XML), có thể nén .gz hoặc .zip (một tệp) — qua "
            "bảng ánh xạ của một máy chủ, với quyền của một người dùng. Định dạng đọc theo nội dung tệp. Cả tệp hợp "
            "lệ mới được ghi; nhập lại cùng tệp không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--instance", required=True, help="Tên máy chủ DHIS2 đã khai báo.")
        parser.add_argument("--user", required=True,
                            help="Tên đăng nhập: phạm vi ghi của người này được áp dụng và ghi vào nhật ký.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument("--format", choices=FORMATS,
                            help="Định dạng mong đợi; tệp có nội dung khác bị từ chối (mặc định: theo nội dung).")
        parser.add_argument("--import-summary", metavar="FILE",
                            help="Ghi bản tóm tắt dạng ImportSummary (JSON) của DHIS2 vào tệp này ('-': màn hình).")

    def handle(self, *args, file, instance, user, dry_run=False, format=None, import_summary=None, **options):
        inst = instance_named(instance)
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"Không có người dùng '{user}'.")
        try:
            parsed = read_document(read_file(file), name=file, declared=format)
        except FileRefused as e:
            raise CommandError(f"Tệp '{file}' bị từ chối: {e}", returncode=1) from None
        summary, problems = run_import(parsed.document, inst, account, channel=Channel.IMPORT, dry_run=dry_run,
                                       reason=f"DHIS2 {inst.name}: tệp {file}"[:255])
        if import_summary:
            body, _status = summary_answer(summary, problems, dry_run)
            text = json.dumps(body, ensure_ascii=False, indent=1)
            if import_summary == "-":
                self.stdout.write(text)
            else:
                write_text(import_summary, text + "\n")
        if problems:
            self.stderr.write(self.style.ERROR(
                f"Tệp {FORMAT_NAMES[parsed.format]} bị từ chối, không ghi giá trị nào ({len(problems)} lỗi):"))
            for p in problems:
                field = f", {p.field}" if p.field else ""
                self.stderr.write(f"  {parsed.where(p.index)}{field}: {p.message}")
            raise CommandError("Nhập tệp thất bại.", returncode=1)
        prefix = "Kiểm tra xong, chưa ghi gì" if dry_run else "Đã nhập"
        self.stdout.write(self.style.SUCCESS(f"{prefix} ({FORMAT_NAMES[parsed.format]}): {summary}."))


def read_file(file: str) -> bytes:
    """The bytes of ``file``; every failure a Vietnamese CommandError (never Python's text)."""
    try:
        with open(file, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CommandError(f"Không tìm thấy tệp '{file}'.") from None
    except IsADirectoryError:
        raise CommandError(f"'{file}' là một thư mục, không phải tệp.") from None
    except PermissionError:
        raise CommandError(f"Không có quyền đọc tệp '{file}'.") from None
    except OSError:
        raise CommandError(f"Không đọc được tệp '{file}'.") from None
    if len(data) > MAX_BYTES:
        raise CommandError(f"Tệp '{file}' quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    return data


def write_text(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError:
        raise CommandError(f"Không ghi được tệp '{path}' (thư mục không tồn tại hoặc không có quyền ghi).") from None
