import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from periods.codes import TERM, PeriodCodeError, parse_period
from periods.models import Period
from programmes.models import DocumentType, Programme
from units.models import Unit


class Command(BaseCommand):
    help = "Tạo (hoặc cập nhật) một chương trình, nghị quyết, kế hoạch đặt mục tiêu."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="Mã, thường là số hiệu văn bản (05-NQ/TU).")
        parser.add_argument("--title", required=True, help="Trích yếu.")
        parser.add_argument("--term", help="Giai đoạn, ví dụ 2021-2025.")
        parser.add_argument("--type", dest="doc_type", choices=DocumentType.values, default=DocumentType.RESOLUTION)
        parser.add_argument("--unit", help="Mã đơn vị địa bàn, ví dụ 12.")
        parser.add_argument("--issuer", default="")
        parser.add_argument("--date", help="Ngày ban hành dd/mm/yyyy.")
        parser.add_argument("--parent", help="Mã văn bản cấp trên mà chương trình này thực hiện.")

    def handle(self, *args, code, title, term=None, doc_type, unit=None, issuer="", date=None, parent=None, **o):
        fields = {"title": title, "doc_type": doc_type, "issuer": issuer, "number": code}
        if term:
            try:
                spec = parse_period(term)
            except PeriodCodeError as e:
                raise CommandError(str(e)) from e
            if spec.period_type != TERM:
                raise CommandError(f"Giai đoạn phải có dạng 2021-2025, không phải '{term}'.")
            fields["term"] = Period.objects.for_code(term)
        if unit:
            fields["unit"] = Unit.objects.filter(code=unit).first()
            if fields["unit"] is None:
                raise CommandError(f"Đơn vị '{unit}' không tồn tại.")
        if date:
            try:
                fields["signed_on"] = dt.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as e:
                raise CommandError(f"Ngày '{date}' phải có dạng dd/mm/yyyy.") from e
        if parent:
            fields["parent"] = Programme.objects.filter(code=parent).first()
            if fields["parent"] is None:
                raise CommandError(f"Chưa có chương trình cấp trên '{parent}'.")
        programme, created = Programme.objects.update_or_create(code=code, defaults=fields)
        self.stdout.write(self.style.SUCCESS(f"{'Đã tạo' if created else 'Đã cập nhật'} {programme}: {title}"))
