"""A commune officer enters December 2023 on a phone, submits; the city approves; the
values are locked.  Real browser (Playwright + Debian chromium) against the live server."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from datavalues.models import DataValue

from ..models import Status, Submission
from .conftest import CITY, PASSWORD, SAN_THANG, build_forms, make_user


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")


@pytest.mark.browser
def test_a_commune_enters_a_month_on_a_phone_submits_and_the_city_approves_and_locks_it(page, login,
                                                                                      django_user_model):
    build_forms()
    make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, SAN_THANG, full_name="Cán bộ xã San Thàng")
    make_user(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, CITY, full_name="Cán bộ Thành phố")
    page.set_viewport_size({"width": 360, "height": 780})
    url = f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202312/"

    login("santhang", PASSWORD)
    page.goto(url)
    expect(page.get_by_role("heading", name="Báo cáo tháng — cấp xã")).to_be_visible()

    def cell(label):
        return page.get_by_label(label, exact=True)

    # Instant feedback: a text that is not a number, then the number read the Vietnamese way.
    cell("Tổng đàn gia cầm (nghìn con)").fill("nhiều")
    expect(page.locator('[data-msg="POULTRY|"]')).to_contain_text("không phải số")
    cell("Tổng đàn gia cầm (nghìn con)").fill("1.809,5")
    expect(page.locator('[data-msg="POULTRY|"]')).to_have_text("= 1.809,5")

    # A total that is not the sum of its parts is flagged while typing.
    cell("Tổng đàn gia súc (con)").fill("353.350")
    cell("Tổng đàn gia súc — Trâu (con)").fill("92.760")
    cell("Tổng đàn gia súc — Bò (con)").fill("25.590")
    cell("Tổng đàn gia súc — Lợn (con)").fill("234.000")
    expect(page.locator("#check-list")).to_contain_text(
        "Lỗi: Tổng đàn gia súc (353.350) phải bằng Trâu + Bò + Lợn (352.350).")
    cell("Tổng đàn gia súc — Lợn (con)").fill("235.000")
    expect(page.locator("#check-summary")).to_have_text("Không có lỗi hay cảnh báo.")

    # Totals of crops are computed live.
    cell("Diện tích hiện có — Chè (ha)").fill("963,45")
    cell("Diện tích hiện có — Ngô (ha)").fill("610")
    expect(page.locator('[data-total="CROP_AREA|"]')).to_have_text("1.573,45")

    # The page fits a 360 px phone screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp báo cáo")
    expect(page.locator("#submission-status")).to_have_text("Đã nộp, chờ duyệt")
    assert Submission.objects.get().status == Status.SUBMITTED
    stored = {(d.indicator.code, d.option.code if d.option else None): d.value
              for d in DataValue.objects.select_related("indicator", "option")}
    assert stored[("HERD", "PIG")] == Decimal(235000) and stored[("POULTRY", None)] == Decimal("1809.5")
    assert stored[("CROP_AREA", "TEA")] == Decimal("963.45") and ("CROP_AREA", None) not in stored
    logout(page)

    login("thanhpho", PASSWORD)
    page.goto("/nhap-so-lieu/")
    page.get_by_role("link", name="Xem và duyệt").click()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page.locator("#submission-status")).to_have_text("Đã duyệt")
    logout(page)

    login("santhang", PASSWORD)
    page.goto(url)
    expect(page.get_by_text("số liệu đã khóa, không sửa được")).to_be_visible()
    expect(page.locator("input[data-key]")).to_have_count(0)
    expect(page.get_by_role("button", name="Lưu nháp")).to_have_count(0)
    expect(page.locator('[data-value="HERD|PIG"]')).to_have_text("235.000")
    assert Submission.objects.get().status == Status.APPROVED


@pytest.mark.browser
def test_a_draft_with_an_invalid_cell_says_why_it_was_not_saved(page, login, django_user_model):
    build_forms()
    make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, SAN_THANG)
    url = f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202312/"
    login("santhang", PASSWORD)
    page.goto(url)
    page.get_by_label("Tổng đàn gia cầm (nghìn con)", exact=True).fill("nhiều")
    page.get_by_label("Diện tích hiện có — Chè (ha)", exact=True).fill("12")
    page.get_by_role("button", name="Lưu nháp").click()
    alert = page.locator("#entry-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Chưa lưu: 1 ô không hợp lệ")
    expect(alert).to_contain_text("Tổng đàn gia cầm (nghìn con): 'nhiều' không phải số")
    expect(page.locator('[data-msg="POULTRY|"]')).to_contain_text("không phải số")  # beside the cell
    expect(page.get_by_label("Tổng đàn gia cầm (nghìn con)", exact=True)).to_be_focused()
    assert not DataValue.objects.exists() and not Submission.objects.exists()
    # Fixed: the notice goes away and the draft saves.
    page.get_by_label("Tổng đàn gia cầm (nghìn con)", exact=True).fill("1.809,5")
    expect(alert).to_be_hidden()
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_be_visible()
    assert DataValue.objects.filter(indicator__code="POULTRY").get().value == Decimal("1809.5")
