"""Word templates: the defaults are built by a script, an administrator can replace
them, and an upload is validated — never trusted."""

import io
import zipfile

import pytest
from docx import Document

from audit.models import AuditEntry
from periods.models import Period
from reports.actions import do_reset_template, do_save_template
from reports.builders.monthly import MonthlyBuilder
from reports.docx_template import build_template, template_path
from reports.models import ReportKind, ReportTemplate
from reports.rendering import TemplateInvalid, active_template, render_docx, validate_template
from units.models import Unit

from .conftest import REPORT_DATE, docx_text

pytestmark = pytest.mark.django_db


def edited(extra: str, kind: str = "monthly") -> bytes:
    """The default template with one more paragraph, as an administrator would edit it in Word."""
    doc = Document(io.BytesIO(template_path(kind).read_bytes()))
    doc.add_paragraph(extra)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_the_committed_templates_are_what_the_script_builds():
    for kind in ReportKind.values:
        committed = docx_text(template_path(kind).read_bytes())
        assert committed == docx_text(build_template(kind)), kind
        validate_template(kind, template_path(kind).read_bytes())


def test_an_uploaded_template_is_used_and_audited(december_parts, admin_user_demo):
    do_save_template("monthly", "mau-so.docx", edited("MẪU RIÊNG CỦA SỞ — {{ don_vi }}"), user=admin_user_demo,
                     channel="form")
    assert active_template("monthly")[1] == "mẫu tải lên: mau-so.docx"
    report = MonthlyBuilder(Unit.objects.get(code="12"), Period.objects.for_code("202312"), date=REPORT_DATE).build()
    text = docx_text(render_docx(report))
    assert "MẪU RIÊNG CỦA SỞ — Tỉnh Lai Châu" in text and "353.350 con" in text
    entry = AuditEntry.objects.filter(object_type="reports.reporttemplate").latest("id")
    assert entry.username == admin_user_demo.username and entry.new["filename"] == "mau-so.docx"
    assert "content" not in entry.new
    assert do_reset_template("monthly", user=admin_user_demo, channel="form")
    assert active_template("monthly")[1] == "mẫu mặc định"


@pytest.mark.parametrize("content, message", [
    (b"not a zip at all", "không phải văn bản Word"),
    (None, "thiếu word/document.xml"),
    (edited("{{ b.text "), "sai cú pháp"),
    (edited("{{ secret_key }}"), "secret_key"),
    (edited("{{ ''.__class__.__mro__[1].__subclasses__() }}"), "Không dựng được"),
    (edited("{% for i in range(10**9) %}x{% endfor %}"), "bị lỗi"),
])
def test_broken_or_dangerous_uploads_are_refused_with_a_vietnamese_reason(content, message):
    if content is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
        content = buf.getvalue()
    with pytest.raises(TemplateInvalid) as err:
        do_save_template("monthly", "mau.docx", content, channel="form")
    assert message in "\n".join(err.value.problems)
    assert not ReportTemplate.objects.exists()


def test_macro_files_and_other_extensions_are_refused():
    src = zipfile.ZipFile(io.BytesIO(template_path("monthly").read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            z.writestr(item, src.read(item.filename))
        z.writestr("word/vbaProject.bin", b"\x00macro")
    with pytest.raises(TemplateInvalid, match="macro"):
        do_save_template("monthly", "mau.docx", buf.getvalue(), channel="form")
    with pytest.raises(TemplateInvalid, match=".docx"):
        do_save_template("monthly", "mau.doc", template_path("monthly").read_bytes(), channel="form")


def test_text_is_escaped_so_it_cannot_break_the_document(december_parts):
    from reports.actions import do_set_report_texts

    do_set_report_texts("monthly", Unit.objects.get(code="12"), Period.objects.for_code("202312"),
                        {"nhiem_vu": "Phối hợp <Sở NN&PTNT> & \"các huyện\" {{ không phải thẻ }}"}, channel="system")
    report = MonthlyBuilder(Unit.objects.get(code="12"), Period.objects.for_code("202312"), date=REPORT_DATE).build()
    assert "Phối hợp <Sở NN&PTNT> & \"các huyện\" {{ không phải thẻ }}" in docx_text(render_docx(report))
