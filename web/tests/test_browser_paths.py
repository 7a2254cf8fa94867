"""Each role's main path in a real browser (Debian's chromium through Playwright)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "demo"


def test_a_commune_officer_opens_the_form_due_from_the_home_page(page, login, live_demo):
    from collection import models
    from indicators.models import Indicator
    from units.models import Unit

    form = models.ReportForm.objects.create(code="WEB_TEST_THANG", name="Báo cáo tháng cấp xã (thử)",
                                            period_type="month", level=3, root_unit=Unit.objects.get(code="12"))
    models.FormRow.objects.create(form=form, indicator=Indicator.objects.get(code="HERD"), sort_order=1)
    login("santhang", PASSWORD)
    due = page.get_by_role("region", name="Báo cáo cần nộp")
    assert due.get_by_role("cell", name="Phường Tân Phong").first.is_visible()
    # The commune's own figures are on the same page.
    assert page.get_by_text("10 tiêu chí").is_visible()
    due.get_by_role("link", name="Báo cáo tháng cấp xã (thử)").first.click()
    page.wait_for_url(re.compile(r".*/nhap-so-lieu/WEB_TEST_THANG/12\.03408/\d{6}/$"))
    assert page.locator("h1").first.is_visible()


def test_a_city_officer_drills_from_the_tea_card_down_to_a_commune_and_back(page, login, live_demo):
    login("thanhpho", PASSWORD)
    card = page.get_by_role("article", name="Diện tích hiện có — Chè")
    assert "963,45" in card.inner_text() and "Đã đạt" in card.inner_text()
    card.click()  # the whole card is the link
    page.wait_for_url(re.compile(r".*/chi-tieu/CROP_AREA/12\.105/\?ky=2023&phan-to=TEA.*"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Diện tích hiện có — Chè")
    assert "963,45" in page.locator(".headline").inner_text()
    table = page.locator("#children-table table")
    assert table.get_by_role("row").count() == 1 + 7 + 1  # header, seven communes, the city
    # Sort by name through HTMX, then go one level down.
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_selector('#children-table th[aria-sort="ascending"]')
    page.get_by_role("link", name="Xã San Thàng").click()
    page.wait_for_url(re.compile(r".*/chi-tieu/CROP_AREA/12\.105\.03409/.*"))
    assert "Xã San Thàng" in page.get_by_role("heading", level=1).inner_text()
    # Back up through the breadcrumbs.
    page.get_by_role("navigation", name="Vị trí").get_by_role("link", name="Thành phố Lai Châu").click()
    page.wait_for_url(re.compile(r".*/chi-tieu/CROP_AREA/12\.105/.*"))
    assert "963,45" in page.locator(".headline").inner_text()
    # The switch to the structure after the reform lists the new communes.
    page.get_by_role("link", name="Từ 01/07/2025 (tỉnh → xã)").click()
    page.wait_for_selector("#children-table a[aria-current='true']:has-text('Từ 01/07/2025')")
    assert page.locator("#children-table").get_by_role("link", name="Phường Tân Phong").is_visible()


def test_a_leader_switches_the_province_dashboard_between_2022_and_2023(page, login, live_demo):
    login("lanhdao", PASSWORD)
    tea = page.get_by_role("article", name="Diện tích hiện có — Chè")
    output = page.get_by_role("article", name="Sản lượng — Chè")
    assert tea.locator(".kpi-value").inner_text().startswith("963,45")
    assert output.locator(".kpi-value").inner_text().startswith("—")
    page.get_by_label("Năm").select_option("2022")
    page.wait_for_selector("#dashboard h2:has-text('Năm 2022')")
    assert tea.locator(".kpi-value").inner_text().startswith("—")
    assert output.locator(".kpi-value").inner_text().startswith("10.892")
    assert "Không có mục tiêu cho năm 2022" in output.inner_text()
    page.get_by_label("Năm").select_option("2023")
    page.wait_for_selector("#dashboard h2:has-text('Năm 2023')")
    assert tea.locator(".kpi-value").inner_text().startswith("963,45")
    # The charts were drawn after each swap.
    assert page.locator("canvas.spark[data-drawn='1']").count() == page.locator("canvas.spark").count() > 0


def test_a_province_officer_downloads_the_commune_table_as_excel(page, login, live_demo, tmp_path):
    # The generated report of reports/ is not there yet; the commune table's export is.
    login("tinh", PASSWORD)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Bảng số liệu xã").click()
    page.wait_for_url(re.compile(r".*/bang-xa/12/.*"))
    page.get_by_label("Nhóm chỉ tiêu").select_option("htx")
    page.wait_for_selector("#commune-grid th:has-text('Số hợp tác xã')")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về Excel").click()
    download = info.value
    assert download.suggested_filename.startswith("bang-so-lieu-12-") and download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    assert ws.cell(row=3, column=1).value == "Mã đơn vị"
    assert ws.max_row == 3 + 106 + 1  # the header, the 106 communes, the province


def test_the_dashboard_fits_a_360_px_phone_and_works_with_the_keyboard(page, login, live_demo):
    page.set_viewport_size({"width": 360, "height": 780})
    login("thanhpho", PASSWORD)
    page.goto("/tong-quan/12.105/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Bỏ qua điều hướng"
    page.goto("/chi-tieu/CROP_AREA/12.105/?ky=2023&phan-to=TEA")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_leader_downloads_a_generated_report_from_the_home_page(page, login, live_demo, tmp_path):
    login("lanhdao", PASSWORD)
    page.get_by_role("navigation", name="Lối tắt").get_by_role("link", name="Báo cáo").click()
    page.wait_for_url(re.compile(r".*/bao-cao/.*"))
    page.get_by_label("Loại văn bản").select_option("monthly")
    page.get_by_label("Đơn vị", exact=True).select_option("12")
    page.get_by_label("Loại kỳ").select_option(label="Tháng")
    page.get_by_label("Tháng", exact=True).select_option(label="Tháng 12")
    page.get_by_label("Năm", exact=True).select_option(label="Năm 2023")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải văn bản Word (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes()[:2] == b"PK" and path.stat().st_size > 2000  # a Word file is a zip
