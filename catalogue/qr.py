"""QR codes (segno) and the printable A4 sheet of labels (reportlab).

A code holds the page's permanent address (``/ocop/sp/<public id>/`` or
``/ocop/lo/<public id>/``), absolute: ``settings.PUBLIC_BASE_URL`` when set (the address
printed labels must keep), else the address of the request.  Error correction M
(15 % of the code may be damaged or covered and it still reads).

The labels are drawn as vectors (one rectangle per dark module), in DejaVu Sans
(Vietnamese diacritics; Debian's ``fonts-dejavu-core``, path ``settings.LABEL_FONT``).
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.conf import settings

LABEL_COLUMNS, LABEL_ROWS = 3, 7  # 21 labels of 70 × 42,4 mm on A4 (a common sticker sheet)
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def absolute(request, path: str) -> str:
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    return base + path if base else request.build_absolute_uri(path)


def make(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def png(url: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    make(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def svg(url: str, title: str = "", scale: int = 8) -> bytes:
    out = io.BytesIO()
    make(url).save(out, kind="svg", scale=scale, border=4, title=title or None, xmldecl=True, svgclass=None,
                   lineclass=None)
    return out.getvalue()


def _font() -> str:
    path = Path(getattr(settings, "LABEL_FONT", "") or DEFAULT_FONT)
    if not path.is_file():
        raise RuntimeError(f"Không tìm thấy phông chữ cho nhãn QR: {path} (cài gói fonts-dejavu-core).")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(path)))
    return "DejaVuSans"


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        probe = f"{line} {word}".strip()
        if stringWidth(probe, font, size) <= width:
            line = probe
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;") + "…"
    return lines


def label_sheet(url: str, lines: list[str], code: str, title: str) -> bytes:
    """One A4 page of identical labels: the QR code, the text lines and the public code."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    font = _font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor("Bậc Thang")
    pdf.setSubject(url)
    page_w, page_h = A4
    cell_w, cell_h = page_w / LABEL_COLUMNS, page_h / LABEL_ROWS
    qr = make(url)
    modules = qr.symbol_size(scale=1, border=0)[0]
    qr_size = min(cell_h - 8 * mm, 34 * mm)
    module = qr_size / modules
    matrix = [list(row) for row in qr.matrix]
    text_x_offset = 4 * mm + qr_size + 3 * mm
    text_width = cell_w - text_x_offset - 3 * mm
    for r in range(LABEL_ROWS):
        for c in range(LABEL_COLUMNS):
            x0, y0 = c * cell_w, page_h - (r + 1) * cell_h
            qx, qy = x0 + 4 * mm, y0 + (cell_h - qr_size) / 2
            for i, row in enumerate(matrix):
                for j, dark in enumerate(row):
                    if dark:
                        pdf.rect(qx + j * module, qy + qr_size - (i + 1) * module, module, module, stroke=0,
                                 fill=1)
            y = y0 + cell_h - 9 * mm
            for k, text in enumerate(lines):
                size = 9 if k == 0 else 7
                pdf.setFont(font, size)
                for piece in _wrap(text, font, size, text_width, 3 if k == 0 else 2):
                    pdf.drawString(x0 + text_x_offset, y, piece)
                    y -= size * 1.25
                y -= 1.5
            pdf.setFont(font, 6.5)
            pdf.drawString(x0 + text_x_offset, y0 + 5 * mm, code)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
