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

# 21 labels of 63,5 × 38,1 mm on A4, the layout of the common sticker sheets (e.g. Avery L7160):
# margins 15,15 mm top, 7,25 mm left, 2,5 mm between columns.
LABEL_COLUMNS, LABEL_ROWS = 3, 7
LABEL_W_MM, LABEL_H_MM, TOP_MM, LEFT_MM, GAP_MM = 63.5, 38.1, 15.15, 7.25, 2.54
QR_MM, QUIET_MM = 28, 4.5  # the code and its quiet zone (≥ 4 modules at this size)
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
    cell_w, cell_h = LABEL_W_MM * mm, LABEL_H_MM * mm
    qr = make(url)
    modules = qr.symbol_size(scale=1, border=0)[0]
    qr_size = QR_MM * mm
    module = qr_size / modules
    matrix = [list(row) for row in qr.matrix]
    text_x_offset = QUIET_MM * mm + qr_size + 2.5 * mm
    text_width = cell_w - text_x_offset - 2.5 * mm
    for r in range(LABEL_ROWS):
        for c in range(LABEL_COLUMNS):
            x0 = LEFT_MM * mm + c * (cell_w + GAP_MM * mm)
            y0 = page_h - TOP_MM * mm - (r + 1) * cell_h
            qx, qy = x0 + QUIET_MM * mm, y0 + (cell_h - qr_size) / 2
            for i, row in enumerate(matrix):
                for j, dark in enumerate(row):
                    if dark:
                        pdf.rect(qx + j * module, qy + qr_size - (i + 1) * module, module, module, stroke=0,
                                 fill=1)
            y = y0 + cell_h - 7 * mm
            for k, text in enumerate(lines):
                size = 8.5 if k == 0 else 6.5
                pdf.setFont(font, size)
                for piece in _wrap(text, font, size, text_width, 3 if k == 0 else 2):
                    pdf.drawString(x0 + text_x_offset, y, piece)
                    y -= size * 1.25
                y -= 1.5
            pdf.setFont(font, 6)
            pdf.drawString(x0 + text_x_offset, y0 + 4 * mm, code)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
