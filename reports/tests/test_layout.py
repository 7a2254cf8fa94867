"""The generated .docx follows Decree 30/2020/NĐ-CP, Appendix I."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from periods.models import Period
from reports.builders.monthly import MonthlyBuilder
from reports.builders.plan import PlanBuilder
from reports.rendering import render_docx
from units.models import Unit

from .conftest import REPORT_DATE

pytestmark = pytest.mark.django_db
TNR = "Times New Roman"


@pytest.fixture
def doc(december_parts):
    report = MonthlyBuilder(Unit.objects.get(code="12"), Period.objects.for_code("202312"), date=REPORT_DATE).build()
    return Document(io.BytesIO(render_docx(report)))


def runs_of(paragraph):
    runs = [r for r in paragraph.runs if r.text.strip()]
    assert runs, f"đoạn «{paragraph.text}» không có chữ"
    return runs


def font_name(run, doc) -> str:
    return run.font.name or doc.styles["Normal"].font.name


def size_pt(run, doc) -> float:
    return (run.font.size or doc.styles["Normal"].font.size).pt


def find(doc, predicate):
    cells = [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    for p in [*doc.paragraphs, *cells]:
        if predicate(p.text.strip()):
            return p
    raise AssertionError("không tìm thấy đoạn")


def mm(length) -> float:
    return round(length / Mm(1), 1)  # Word stores twips: 15 mm is 850 twips = 14,99 mm


def test_page_is_a4_with_decree_30_margins(doc):
    s = doc.sections[0]
    assert mm(s.page_width) == 210 and mm(s.page_height) == 297
    assert 20 <= mm(s.top_margin) <= 25 and 20 <= mm(s.bottom_margin) <= 25
    assert 30 <= mm(s.left_margin) <= 35 and 15 <= mm(s.right_margin) <= 20


def test_fonts_and_sizes_of_the_heading_lines(doc):
    checks = [
        # (line, min size, max size, bold, italic, upper case)
        (lambda t: t == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, 13, True, False, True),
        (lambda t: t == "Độc lập - Tự do - Hạnh phúc", 13, 14, True, False, False),
        (lambda t: t == "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", 12, 13, True, False, True),
        (lambda t: t == "UBND TỈNH LAI CHÂU", 12, 13, False, False, True),
        (lambda t: t.startswith("Số:"), 13, 13, False, False, False),
        (lambda t: t.startswith("Lai Châu, ngày"), 13, 14, False, True, False),
        (lambda t: t == "BÁO CÁO", 13, 14, True, False, True),
        (lambda t: t.startswith("Tình hình sản xuất nông - lâm nghiệp tháng 12 năm 2023"), 13, 14, True, False, False),
    ]
    for match, low, high, bold, italic, upper in checks:
        p = find(doc, match)
        for run in runs_of(p):
            assert font_name(run, doc) == TNR, p.text
            assert low <= size_pt(run, doc) <= high, (p.text, size_pt(run, doc))
            assert bool(run.bold) is bold, p.text
            assert bool(run.italic) is italic, p.text
        if upper:
            assert p.text == p.text.upper()


def test_the_number_and_date_lines_read_as_the_decree_writes_them(doc):
    number = find(doc, lambda t: t.startswith("Số:")).text
    assert re.fullmatch(r"Số:\s+/BC-SNNPTNT", number.replace("\xa0", " "))
    date = find(doc, lambda t: t.startswith("Lai Châu, ngày")).text
    assert date == "Lai Châu, ngày 10 tháng 01 năm 2024"


def test_body_text_is_times_new_roman_13_to_14_and_justified(doc):
    body = [p for p in doc.paragraphs if p.text.startswith("- ")]
    assert len(body) > 10
    for p in body:
        assert p.alignment == 3  # WD_ALIGN_PARAGRAPH.JUSTIFY
        for run in runs_of(p):
            assert font_name(run, doc) == TNR and 13 <= size_pt(run, doc) <= 14


def test_page_numbers_are_centred_at_the_top_from_page_two(doc):
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    assert not s.first_page_header.paragraphs[0].text.strip()
    header = s.header.paragraphs[0]
    assert header.alignment == 1  # centre
    instr = [el.text for el in header._p.iter(qn("w:instrText"))]
    assert any("PAGE" in t for t in instr)


def test_recipients_and_signature_blocks(doc):
    recipients = find(doc, lambda t: t == "Nơi nhận:")
    run = runs_of(recipients)[0]
    assert run.bold and run.italic and size_pt(run, doc) == 12
    find(doc, lambda t: t == "- Lưu: VT.")
    title = find(doc, lambda t: t == "GIÁM ĐỐC")
    assert runs_of(title)[0].bold


def test_a_plan_is_titled_ke_hoach(put, without_record_providers):
    report = PlanBuilder(Unit.objects.get(code="12.105"), Period.objects.for_code("2023"), None,
                         date=REPORT_DATE).build()
    d = Document(io.BytesIO(render_docx(report)))
    title = find(d, lambda t: t == "KẾ HOẠCH")
    assert runs_of(title)[0].bold and size_pt(runs_of(title)[0], d) == 14
    assert find(d, lambda t: t.startswith("Số:")).text.endswith("/KH-UBND")
