"""manage.py report monthly|review|plan --unit CODE --period CODE [--programme CODE] --out FILE.docx
[--xlsx FILE.xlsx] [--pdf] [--date DD/MM/YYYY]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import ReportKind
from reports.rendering import PDF_MISSING, PdfUnavailable, render_docx, render_xlsx, soffice, to_pdf
from reports.service import ReportError, build_from_codes


class Command(BaseCommand):
    help = ("Tạo văn bản báo cáo (Word) từ số liệu: báo cáo tháng (monthly), báo cáo sơ kết (review), "
            "kế hoạch sản xuất năm (plan).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values, help="monthly | review | plan")
        parser.add_argument("--unit", required=True, help="Mã đơn vị, ví dụ 12 hoặc 12.105")
        parser.add_argument("--period", required=True, help="Mã kỳ: 202312 (tháng), 2023 (năm)")
        parser.add_argument("--programme", help="Mã chương trình, nghị quyết, kế hoạch (báo cáo sơ kết, kế hoạch)")
        parser.add_argument("--out", required=True, help="Tệp .docx sẽ ghi")
        parser.add_argument("--xlsx", help="Ghi thêm biểu số liệu Excel vào tệp này")
        parser.add_argument("--pdf", action="store_true", help="Ghi thêm tệp PDF (cần LibreOffice)")
        parser.add_argument("--date", help="Ngày ban hành ghi trên văn bản, dd/mm/yyyy (mặc định: hôm nay)")

    def handle(self, *args, **o):
        if o["pdf"] and soffice() is None:
            raise CommandError(PDF_MISSING)
        date = None
        if o["date"]:
            try:
                date = dt.datetime.strptime(o["date"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError(f"Ngày '{o['date']}' không đúng dạng dd/mm/yyyy.") from None
        out = Path(o["out"])
        if out.suffix.lower() != ".docx":
            raise CommandError("Tệp --out phải có đuôi .docx.")
        try:
            report = build_from_codes(o["kind"], o["unit"], o["period"], o["programme"], date=date)
        except ReportError as e:
            raise CommandError(str(e)) from None
        docx = render_docx(report)
        out.write_bytes(docx)
        self.stdout.write(f"Đã ghi {out} ({len(docx) // 1024} KB): {report.summary}.")
        if o["xlsx"]:
            Path(o["xlsx"]).write_bytes(render_xlsx(report))
            self.stdout.write(f"Đã ghi biểu số liệu {o['xlsx']}.")
        if o["pdf"]:
            try:
                pdf = to_pdf(docx)
            except PdfUnavailable as e:
                raise CommandError(str(e)) from None
            pdf_path = out.with_suffix(".pdf")
            pdf_path.write_bytes(pdf)
            self.stdout.write(f"Đã ghi {pdf_path}.")
        self.stdout.write(f"Số liệu sử dụng: {len(report.used)}; chưa có số liệu: {len(report.missing)}; "
                          f"chênh lệch cần kiểm tra: {len(report.flags)}.")
