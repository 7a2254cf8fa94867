"""A drafter opens the generated draft in a real browser, sees the gaps highlighted,
writes one sentence by hand, drops the others, and issues the document (Playwright +
Debian chromium against the live server)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Profile, Role
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
from periods.models import Period
from reports.docx_reading import docx_plain_text
from reports.models import IssuedReport, ReportEdit
from units.models import Unit

PASSWORD = "pw-for-tests"
HAND = "Tổng đàn gia cầm ổn định, không có dịch bệnh lớn xảy ra."


def seed_december():
    rows = [("HERD", "BUFFALO", 92760), ("HERD", "CATTLE", 25590), ("HERD", "PIG", 235000)]
    changes = []
    for code, option, value in rows:
        ind = Indicator.objects.get(code=code)
        changes.append(FigureChange(ind, ind.option_for(option), Unit.objects.get(code="12"),
                                    Period.objects.for_code("202312"), Decimal(value), source="Văn bản nguồn 003"))
    do_set_values(changes, channel="system")


@pytest.mark.browser
def test_a_drafter_edits_the_draft_and_issues_it(page, login, django_user_model):
    seed_december()
    user = django_user_model.objects.create_user("tinh", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.PROVINCE_OFFICER).units.set(Unit.objects.filter(code="12"))

    login("tinh", PASSWORD)
    page.goto("/bao-cao/?kind=monthly&unit=12&period=202312&action=preview")
    expect(page.locator("mark.gap").first).to_be_visible()  # gaps highlighted in the preview
    page.get_by_role("link", name="Soạn thảo, ban hành").click()
    expect(page.get_by_role("heading", name="Soạn thảo, ban hành văn bản")).to_be_visible()
    expect(page.locator("#gap-count")).to_contain_text("đoạn thiếu số liệu")
    issue = page.get_by_role("button", name="Ban hành văn bản")
    expect(issue).to_be_disabled()  # not while a gap is left

    gaps = page.locator(".draft-block.gap")
    count = gaps.count()
    assert count > 1
    poultry = page.locator(".draft-block.gap", has_text="gia cầm").first
    poultry_key = poultry.get_attribute("data-key")
    for i in range(count):
        block = gaps.nth(i)
        if block.get_attribute("data-key") == poultry_key:
            block.get_by_label("Viết lại câu", exact=True).check()
            block.get_by_role("textbox").fill(HAND)
        else:
            block.get_by_label("Bỏ câu").check()
    page.get_by_role("button", name="Lưu bản thảo").click()
    expect(page.locator("#gap-count")).to_have_text("Không còn đoạn nào thiếu số liệu.")
    expect(page.get_by_text(HAND).first).to_be_visible()
    assert ReportEdit.objects.filter(action="drop").count() == count - 1

    page.get_by_label("Số văn bản").fill("245")
    page.get_by_label("Ngày ban hành (ngày/tháng/năm)").fill("10/01/2024")
    page.get_by_role("button", name="Ban hành văn bản").click()
    page.wait_for_url(re.compile(r".*/bao-cao/da-ban-hanh/\d+/$"))
    expect(page.get_by_text("Số liệu không đổi từ khi ban hành")).to_be_visible()

    issued = IssuedReport.objects.get()
    text = docx_plain_text(bytes(issued.docx))
    assert HAND in text and "Số: 245/BC-SNNPTNT" in text
    assert not re.search("chưa có (đủ )?số liệu", text, re.I)
    assert any(f["indicator"] == "HERD" and f["option"] == "PIG" and Decimal(f["value"]) == 235000
               for f in issued.figures)
