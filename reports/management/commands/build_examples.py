"""Generate the examples kept in docs/examples/: one report of each kind from the demo
data (.docx and the Excel annex), and — where LibreOffice and pdftoppm are installed —
a PDF and a PNG of its first page so reviewers can look without running anything.

    manage.py load_demo --province 12 --province 02
    manage.py build_examples --out docs/examples
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datavalues.models import DataValue
from reports.rendering import PdfUnavailable, render_docx, render_xlsx, soffice, to_pdf
from reports.service import ReportError, build_from_codes

EXAMPLES = [
    # (file stem, kind, unit, period, programme, date written on the document)
    ("bao-cao-thang-12-2023-tinh-lai-chau", "monthly", "12", "202312", None, dt.date(2024, 1, 10)),
    ("bao-cao-so-ket-nq05-thanh-pho-lai-chau", "review", "12.105", "2023", "05-NQ/TU", dt.date(2023, 7, 10)),
    ("ke-hoach-2023-thanh-pho-lai-chau", "plan", "12.105", "2023", "KH-2023-TPLC", dt.date(2023, 1, 10)),
]
TOOLS_MISSING = ("Không tạo được ảnh PNG trang đầu: máy này chưa có LibreOffice và/hoặc pdftoppm. "
                 "Cài bằng: apt-get install libreoffice-writer poppler-utils — rồi chạy lại lệnh này.")


def first_page_png(pdf: bytes, target: Path, dpi: int = 80) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise PdfUnavailable(TOOLS_MISSING)
    with tempfile.TemporaryDirectory(prefix="bacthang-png-") as tmp:
        src = Path(tmp) / "a.pdf"
        src.write_bytes(pdf)
        subprocess.run([pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(src),
                        str(Path(tmp) / "page")], check=True, capture_output=True, timeout=120)
        shutil.copyfile(Path(tmp) / "page.png", target)


class Command(BaseCommand):
    help = "Tạo các văn bản mẫu trong docs/examples/ từ dữ liệu mẫu (Word, Excel; PDF và PNG nếu có LibreOffice)."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="docs/examples", help="Thư mục ghi (mặc định docs/examples)")
        parser.add_argument("--require-png", action="store_true",
                            help="Báo lỗi nếu không tạo được PDF/PNG (thiếu LibreOffice hoặc pdftoppm)")

    def handle(self, *args, **o):
        if not DataValue.objects.filter(unit__code="12", period__code="202312").exists():
            raise CommandError("Chưa có dữ liệu mẫu. Chạy trước: manage.py load_demo --province 12 --province 02")
        out = Path(o["out"])
        out.mkdir(parents=True, exist_ok=True)
        can_png = soffice() is not None and shutil.which("pdftoppm") is not None
        for stem, kind, unit, period, programme, date in EXAMPLES:
            try:
                report = build_from_codes(kind, unit, period, programme, date=date)
            except ReportError as e:
                raise CommandError(str(e)) from None
            docx = render_docx(report)
            (out / f"{stem}.docx").write_bytes(docx)
            (out / f"{stem}.xlsx").write_bytes(render_xlsx(report))
            self.stdout.write(f"Đã ghi {out / stem}.docx và .xlsx — {report.summary}")
            if can_png:
                pdf = to_pdf(docx)
                (out / f"{stem}.pdf").write_bytes(pdf)
                first_page_png(pdf, out / f"{stem}.png")
                self.stdout.write(f"Đã ghi {out / stem}.pdf và ảnh trang đầu {stem}.png")
        if not can_png:
            if o["require_png"]:
                raise CommandError(TOOLS_MISSING)
            self.stderr.write(TOOLS_MISSING)
