"""From the generated draft to the signed document: gaps highlighted, paragraphs edited,
missing figures supplied, the document issued with its figures, a later change shown."""

import re
from decimal import Decimal

import pytest

from accounts.models import Role
from audit.models import AuditEntry, Channel
from datavalues.models import DataValue
from periods.models import Period
from reports.actions import DraftEdit, IssueRefused, do_issue, do_save_edits, stored_edits
from reports.builders.base import Block
from reports.builders.monthly import MonthlyBuilder
from reports.docx_reading import docx_plain_text
from reports.drafting import GAP, apply_edits, block_keys, changed_figures, draft_blocks, gaps, renumber
from reports.models import IssuedReport
from units.models import Unit

from .conftest import REPORT_DATE

pytestmark = pytest.mark.django_db
Q = {"kind": "monthly", "unit": "12", "period": "202312"}


def monthly():
    return MonthlyBuilder(Unit.objects.get(code="12"), Period.objects.for_code("202312"), date=REPORT_DATE).build()


def herd_key(report) -> str:
    for key, b in zip(block_keys(report.blocks), report.blocks, strict=True):
        if "Tổng đàn gia súc chính" in b.text:
            return key
    raise AssertionError("không thấy đoạn tổng đàn")


def drop_all_gaps(report, user=None):
    unit, period = report.unit, report.period
    edits = [DraftEdit(d.key, "drop", original=d.generated) for d in draft_blocks(report, {}) if d.gap]
    assert edits, "bản thảo phải có đoạn thiếu số liệu để kiểm thử"
    do_save_edits("monthly", unit, period, "", edits, user=user, channel=Channel.SYSTEM)
    return edits


def test_a_paragraph_keeps_its_key_when_its_figures_change(december_parts, put):
    before = herd_key(monthly())
    put(("HERD", "PIG", "12", "202312", 240000))
    report = monthly()
    assert herd_key(report) == before
    assert "358.350 con" in report.plain_text()  # the figure did change (92.760 + 25.590 + 240.000)


def test_gaps_are_found_and_the_final_document_refuses_them(december_parts):
    report = monthly()
    left = gaps(report)
    assert left and all(GAP.search(t) for t in left)
    with pytest.raises(IssueRefused) as e:
        do_issue(report, channel=Channel.SYSTEM)
    assert f"Còn {len(left)} đoạn" in e.value.problems[0]
    assert not IssuedReport.objects.exists()


def test_a_dropped_paragraph_empties_its_heading_and_the_numbers_close_up():
    blocks = [Block("I. Một", 1), Block("1. Rỗng", 2), Block("- câu bỏ", 0), Block("2. Còn", 2), Block("- câu", 0),
              Block("II. Hai", 1), Block("1. Con", 2), Block("1.1. Cháu", 3), Block("- x", 0)]
    keys = block_keys(blocks)

    class Edit:
        action, text, original = "drop", "", "- câu bỏ"

    from reports.builders.base import Report

    report = Report("monthly", None, None, None, {}, "", [], blocks, "", [], None, {})
    apply_edits(report, {keys[2]: Edit()})
    assert [b.text for b in report.blocks] == ["I. Một", "1. Còn", "- câu", "II. Hai", "1. Con", "1.1. Cháu", "- x"]
    assert [b.text for b in renumber([Block("III. A", 1), Block("c) B", 4)])] == ["I. A", "a) B"]


def test_issuing_stores_the_final_document_without_gaps_and_its_figures(december_parts, make_user):
    user = make_user("tinh", Role.PROVINCE_OFFICER, "12")
    report = monthly()
    key = herd_key(report)
    drop_all_gaps(report, user)
    do_save_edits("monthly", report.unit, report.period, "", [DraftEdit(
        key, "replace", "- Tổng đàn gia súc chính ước đạt 353.350 con, ổn định so với tháng trước.",
        original="")], user=user, channel=Channel.SYSTEM)
    final = apply_edits(monthly(), stored_edits("monthly", report.unit, report.period, ""))
    issued = do_issue(final, user=user, channel=Channel.SYSTEM)
    text = docx_plain_text(bytes(issued.docx))
    assert not re.search("chưa có (đủ )?số liệu", text, re.I)  # the document to sign carries no gap
    assert "Số liệu chưa có" not in text  # nor the drafter's appendix
    assert "ổn định so với tháng trước" in text  # the sentence written by hand
    assert issued.figures and {"indicator": "HERD", "option": "PIG"}.items() <= next(
        f for f in issued.figures if f["indicator"] == "HERD" and f["option"] == "PIG").items()
    assert changed_figures(issued.figures) == []
    assert AuditEntry.objects.filter(object_type="reports.issuedreport", object_id=issued.pk).exists()
    assert AuditEntry.objects.filter(object_type="reports.reportedit").count() >= 2


def test_a_later_change_of_a_value_shows_beside_the_issued_report(december_parts, make_user, client, put):
    user = make_user("tinh", Role.PROVINCE_OFFICER, "12")
    report = monthly()
    drop_all_gaps(report, user)
    issued = do_issue(apply_edits(monthly(), stored_edits("monthly", report.unit, report.period, "")),
                      user=user, channel=Channel.SYSTEM)
    put(("HERD", "PIG", "12", "202312", 240000))
    changes = changed_figures(issued.figures)
    pig = [c for c in changes if c.figure["indicator"] == "HERD" and c.figure["option"] == "PIG"]
    assert pig and pig[0].then == Decimal("235000") and pig[0].now == Decimal("240000")
    client.force_login(user)
    page = client.get(f"/bao-cao/da-ban-hanh/{issued.pk}/").content.decode()
    assert "Số liệu đã thay đổi sau khi ban hành" in page and "235.000 con" in page and "240.000 con" in page
    preview = client.get("/bao-cao/", {**Q, "action": "preview"}).content.decode()
    assert "Số liệu đã thay đổi sau khi ban hành" in preview
    assert "Số liệu đã thay đổi sau khi ban hành" in client.get("/bao-cao/da-ban-hanh/").content.decode()


def test_the_preview_highlights_gaps(december_parts, make_user, client):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    page = client.get("/bao-cao/", {**Q, "action": "preview"}).content.decode()
    assert '<mark class="gap">chưa có số liệu</mark>' in page
    assert "Soạn thảo, ban hành" in page


def test_the_drafter_supplies_a_missing_figure_through_the_write_path(december_parts, make_user, client):
    user = make_user("tinh", Role.PROVINCE_OFFICER, "12")
    client.force_login(user)
    page = client.get("/bao-cao/soan-thao/", Q).content.decode()
    figures = re.findall(r'name="figure" value="([^"]+)"', page)
    i = next(n for n, f in enumerate(figures) if f.startswith("POULTRY||12|"))
    r = client.post("/bao-cao/soan-thao/", {**Q, "op": "supply", "figure": figures, f"value_{i}": "1.809,5"})
    assert r.status_code == 302
    stored = DataValue.objects.get(indicator__code="POULTRY", option=None, unit__code="12", period__code="202312")
    assert stored.value == Decimal("1809.5")
    assert AuditEntry.objects.filter(object_type="datavalue", object_id=stored.pk, user_id=user.pk).exists()
    page = client.get("/bao-cao/soan-thao/", Q).content.decode().lower()
    assert "tổng đàn gia cầm ước đạt 1.809,5" in page


def test_edit_and_issue_through_the_page(december_parts, make_user, client):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    page = client.get("/bao-cao/soan-thao/", Q).content.decode()
    keys = re.findall(r'class="draft-block gap[^"]*" data-key="(\w+)"', page)
    assert keys
    r = client.post("/bao-cao/soan-thao/", {**Q, "op": "issue", "so": "245", "ngay": "10/01/2024"})
    assert r.status_code == 200 and "Còn" in r.content.decode() and not IssuedReport.objects.exists()
    data = {**Q, "op": "save", "key": keys, **{f"action_{k}": "drop" for k in keys}}
    assert client.post("/bao-cao/soan-thao/", data).status_code == 302
    r = client.post("/bao-cao/soan-thao/", {**Q, "op": "issue", "so": "245", "ngay": "10/01/2024"})
    issued = IssuedReport.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/bao-cao/da-ban-hanh/{issued.pk}/"
    assert issued.number == "245/BC-SNNPTNT" and str(issued.issued_on) == "2024-01-10"
    download = client.get(f"/bao-cao/da-ban-hanh/{issued.pk}/tai-ve/")
    assert download.status_code == 200 and "Số: 245/BC-SNNPTNT" in docx_plain_text(download.content)


def test_scope_of_drafts_and_issued_documents(december_parts, make_user, client):
    officer = make_user("tinh", Role.PROVINCE_OFFICER, "12")
    report = monthly()
    drop_all_gaps(report, officer)
    issued = do_issue(apply_edits(monthly(), stored_edits("monthly", report.unit, report.period, "")),
                      user=officer, channel=Channel.SYSTEM)
    # Another province's officer: nothing of Lai Châu.
    client.force_login(make_user("hagiang", Role.PROVINCE_OFFICER, "02"))
    assert client.get("/bao-cao/soan-thao/", Q).status_code == 404
    assert client.get(f"/bao-cao/da-ban-hanh/{issued.pk}/").status_code == 404
    assert client.get(f"/bao-cao/da-ban-hanh/{issued.pk}/tai-ve/").status_code == 404
    assert issued.summary not in client.get("/bao-cao/da-ban-hanh/").content.decode()
    # A leader reads the draft but cannot change or issue it.
    client.force_login(make_user("lanhdao", Role.LEADER, "12"))
    assert client.get("/bao-cao/soan-thao/", Q).status_code == 200
    assert client.post("/bao-cao/soan-thao/", {**Q, "op": "issue"}).status_code == 404
    assert client.get(f"/bao-cao/da-ban-hanh/{issued.pk}/").status_code == 200
