"""The default Word templates, built with python-docx (run ``manage.py
build_report_templates`` to regenerate ``reports/docx/*.docx``).

The layout follows Decree 30/2020/NĐ-CP, Appendix I (administrative documents):

* A4 (210 × 297 mm); margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
* Times New Roman throughout; body 14 pt, justified, first line indented 1 cm;
* header table: issuing body (parent body upper case 13 pt, issuing body upper case
  13 pt bold, a short rule below) beside the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA
  VIỆT NAM" 12 pt bold, "Độc lập - Tự do - Hạnh phúc" 13 pt bold, a short rule below);
  then "Số: …/BC-…" 13 pt beside the place and date, italic 14 pt;
* the kind of document ("BÁO CÁO", "KẾ HOẠCH") 14 pt bold, centred, with the summary
  line (trích yếu) bold below and a short rule;
* page numbers centred in the header, from the second page;
* "Nơi nhận:" (bold italic 12 pt, recipients 11 pt) beside the signature block
  (authority and title upper case 14 pt bold, the signer's name 14 pt bold).

The variable parts are docxtpl (Jinja) tags over the context documented in
``reports/README.md``: the body is a loop over paragraphs whose style depends on
``b.h1`` … ``b.h4`` (headings) or ``b.p`` (body text); an administrator can restyle
each of those paragraphs in Word and upload the file again.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from .models import ReportKind

FONT = "Times New Roman"
DOCX_DIR = Path(__file__).resolve().parent / "docx"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Mm(210 - 30 - 15)
# Elements that follow w:pBdr in w:pPr, and w:tblBorders in w:tblPr (ECMA-376 order; Word checks it).
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def template_path(kind: str) -> Path:
    return DOCX_DIR / f"{ReportKind(kind).value}.docx"


def _style_font(style, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _para(container, text: str = "", *, size: float = 14, bold=False, italic=False,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line: float | None = None, before: float = 0, after: float = 0,
          keep_next: bool = False, page_break_before: bool = False):
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if first_line is not None:
        pf.first_line_indent = Cm(first_line)
    if keep_next:
        pf.keep_with_next = True
    if page_break_before:
        pf.page_break_before = True
    if text:
        run = p.add_run(text)
        _run_font(run, size, bold, italic)
    else:
        # An empty paragraph still carries the size, so blank lines have the right height.
        _mark_size(p, size)
    return p


def _run_font(run, size: float, bold: bool, italic: bool) -> None:
    f = run.font
    f.name = FONT
    f.size = Pt(size)
    f.bold = bold
    f.italic = italic
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _mark_size(p, size: float) -> None:
    ppr = p._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    ppr.append(rpr)


def _rule(container, indent_cm: float) -> None:
    """A short solid rule under a heading line (a bottom border on an indented empty paragraph)."""
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.left_indent = Cm(indent_cm)
    pf.right_indent = Cm(indent_cm)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.insert_element_before(borders, *PPR_AFTER_BORDER)
    _mark_size(p, 2)


def _borders(table, val: str) -> None:
    """Table borders: "nil" (layout tables of the heading and signature) or "single" (data tables)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    table._tbl.tblPr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def _no_borders(table) -> None:
    _borders(table, "nil")


def _grid(table) -> None:
    _borders(table, "single")


def _cell(table, row: int, col: int, width):
    cell = table.cell(row, col)
    cell.width = width
    # python-docx leaves one empty paragraph in a new cell: use it for the first line.
    return cell


def _first(cell, text: str, **kw):
    p = cell.paragraphs[0]
    p.paragraph_format.alignment = kw.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_after = Pt(0)
    size, bold, italic = kw.get("size", 13), kw.get("bold", False), kw.get("italic", False)
    if text:
        _run_font(p.add_run(text), size, bold, italic)
    else:
        _mark_size(p, size)
    return p


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an explicit, empty first-page header
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _run_font(run, 13, False, False)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    num = OxmlElement("w:t")
    num.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, num, end):
        run._r.append(el)


def build_template(kind: str) -> bytes:
    """The default template of ``kind`` as .docx bytes."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    _page_number_header(section)

    normal = doc.styles["Normal"]
    _style_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)
    core = doc.core_properties
    core.title = "Mẫu văn bản Bậc Thang"
    core.author = "Bậc Thang"
    core.comments = f"Mẫu mặc định: {ReportKind(kind).label}. Thể thức theo Nghị định 30/2020/NĐ-CP, Phụ lục I."

    left_w, right_w = Cm(6.5), TEXT_WIDTH - Cm(6.5)
    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    _no_borders(head)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    c = _cell(head, 0, 0, left_w)
    _first(c, "{{ co_quan_chu_quan }}", size=13)
    _para(c, "{{ co_quan_ban_hanh }}", size=13, bold=True, align=centre)
    # Party documents (Hướng dẫn 36-HD/VPTW): a star under the issuing committee; state ones a rule.
    _para(c, "{%p if dang %}", size=13, align=centre)
    _para(c, "*", size=13, align=centre)
    _para(c, "{%p else %}", size=13, align=centre)
    _rule(c, 2.0)
    _para(c, "{%p endif %}", size=13, align=centre)
    c = _cell(head, 0, 1, right_w)
    # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc" (state), or
    # "ĐẢNG CỘNG SẢN VIỆT NAM" underlined (Party), or the organisation's name (mass organisations).
    _first(c, "{%p if dang %}", size=12)
    _para(c, "{{ quoc_hieu }}", size=15, bold=True, align=centre)  # 36-HD/VPTW: 15 pt bold
    _para(c, "{%p else %}", size=12, align=centre)
    _para(c, "{{ quoc_hieu }}", size=12, bold=True, align=centre)
    _para(c, "{%p endif %}", size=12, align=centre)
    _para(c, "{%p if tieu_ngu %}", size=13, align=centre)
    _para(c, "{{ tieu_ngu }}", size=13, bold=True, align=centre)
    _para(c, "{%p endif %}", size=13, align=centre)
    _rule(c, 2.6)
    c = _cell(head, 1, 0, left_w)
    p = _first(c, "{{ dong_so }}", size=13)
    p.paragraph_format.space_before = Pt(6)
    c = _cell(head, 1, 1, right_w)
    p = _first(c, "{{ dia_danh_ngay }}", size=14, italic=True)
    p.paragraph_format.space_before = Pt(6)

    _para(doc, "{{ loai_van_ban }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18)
    _para(doc, "{{ trich_yeu }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(doc, 6.5)
    _para(doc, "", size=14)

    body = dict(size=14, first_line=1.0, after=6)
    _para(doc, "{%p for line in mo_dau %}", **body)
    _para(doc, "{{ line }}", **body)
    _para(doc, "{%p endfor %}", **body)
    _para(doc, "{%p for b in body %}", **body)
    _para(doc, "{%p if b.h1 %}", **body)
    _para(doc, "{{ b.text }}", bold=True, keep_next=True, **body)
    _para(doc, "{%p elif b.h2 %}", **body)
    _para(doc, "{{ b.text }}", bold=True, keep_next=True, **body)
    _para(doc, "{%p elif b.h3 %}", **body)
    _para(doc, "{{ b.text }}", bold=True, italic=True, keep_next=True, **body)
    _para(doc, "{%p elif b.h4 %}", **body)
    _para(doc, "{{ b.text }}", italic=True, keep_next=True, **body)
    _para(doc, "{%p else %}", **body)
    _para(doc, "{{ b.text }}", **body)
    _para(doc, "{%p endif %}", **body)
    _para(doc, "{%p endfor %}", **body)
    _para(doc, "{{ ket_thuc }}", **body)
    _para(doc, "", size=14)

    sign = doc.add_table(rows=1, cols=2)
    sign.autofit = False
    _no_borders(sign)
    c = _cell(sign, 0, 0, Cm(8.0))
    # Party documents: "Nơi nhận:" 14 pt upright, underlined (Hướng dẫn 36-HD/VPTW); state: 12 pt bold italic.
    _first(c, "{%p if dang %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    underlined = _para(c, "Nơi nhận:", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    underlined.runs[0].font.underline = True
    _para(c, "{%p else %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(c, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(c, "{%p endif %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(c, "{%p for n in noi_nhan %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(c, "- {{ n }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(c, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    c = _cell(sign, 0, 1, TEXT_WIDTH - Cm(8.0))
    _first(c, "{{ quyen_han_ky }}", size=14, bold=True)
    _para(c, "{{ chuc_vu_ky }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(4):
        _para(c, "", size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(c, "{{ nguoi_ky }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    # Appendix: the tables behind the report and the figures not yet reported.
    _para(doc, "{%p if tables or missing %}", size=14)
    _para(doc, "PHỤ LỤC", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, page_break_before=True)
    _para(doc, "Biểu số liệu kèm theo {{ loai_van_ban|lower }} ({{ don_vi }}, {{ ky|lower }})", size=13,
          italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _para(doc, "{%p endif %}", size=14)
    _para(doc, "{%p for t in tables %}", size=13)
    _para(doc, "{{ t.title }}", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=3,
          keep_next=True)
    grid = doc.add_table(rows=4, cols=4)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _grid(grid)
    first_w = Cm(6.0)
    other_w = Emu((TEXT_WIDTH - first_w) // 3)
    widths = [first_w, other_w, other_w, other_w]
    rows = [
        ["{{ t.headers[0] }}", "{%tc for h in t.headers[1:] %}", "{{ h }}", "{%tc endfor %}"],
        ["{%tr for row in t.rows %}", "", "", ""],
        ["{{ row[0] }}", "{%tc for c in row[1:] %}", "{{ c }}", "{%tc endfor %}"],
        ["{%tr endfor %}", "", "", ""],
    ]
    for r, cells in enumerate(rows):
        for col, text in enumerate(cells):
            cell = _cell(grid, r, col, widths[col])
            align = WD_ALIGN_PARAGRAPH.LEFT if col == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            if r == 0:
                align = WD_ALIGN_PARAGRAPH.CENTER
            _first(cell, text, size=11, bold=(r == 0), align=align)
    _para(doc, "{{ t.note }}", size=11, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
    _para(doc, "{%p endfor %}", size=13)
    _para(doc, "{%p if missing %}", size=13)
    _para(doc, "Số liệu chưa có (chưa được báo cáo, không ghi là 0)", size=13, bold=True,
          align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=3, keep_next=True)
    _para(doc, "{%p for m in missing %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "{{ loop.index }}. {{ m }}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "{%p endfor %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "{%p endif %}", size=13)

    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_templates(directory: Path = DOCX_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ReportKind.values:
        path = directory / f"{kind}.docx"
        path.write_bytes(build_template(kind))
        written.append(path)
    return written
