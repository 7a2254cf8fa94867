"""Entry without signal, in a real browser (Playwright + Debian chromium) on a 390 px phone screen:
the page is cached by the service worker, values typed offline are kept in the phone's storage with
the version they were based on, and sent when the connection returns.  Figures: seed 003 (December
2023: 92.760 buffaloes, 25.590 cattle, 235.000 pigs, 1.809,5 thousand poultry)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from audit.models import AuditEntry
from datavalues.models import DataValue
from units.models import Level

from .. import actions
from ..models import ReportForm, Status
from .conftest import CITY, PASSWORD, SAN_THANG, build_forms, make_user, p, put, u

URL = f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202312/"
BANNER = "Chưa gửi — sẽ gửi khi có mạng"


def stored(indicator, option=None):
    return DataValue.objects.filter(indicator__code=indicator, option__code=option, unit__code=SAN_THANG,
                                    period__code="202312").first()


def open_online(page, login):
    page.set_viewport_size({"width": 390, "height": 844})
    login("santhang", PASSWORD)
    page.goto(URL)
    # The service worker controls the page and has cached it (Workbox CACHE_URLS).
    wait_until(page, "navigator.serviceWorker.controller !== null")
    expect(page.locator("#offline-app")).to_have_attribute("data-cached", "yes")


def wait_until(page, expression, seconds=15):
    """Poll an expression (the pages' CSP forbids the eval of Playwright's wait_for_function)."""
    for _ in range(seconds * 10):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {expression}")


def sign_in(login, page, username):
    """Sign in and wait until it is done (the login page's own URL also matches the fixture's wait)."""
    login(username, PASSWORD)
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible(timeout=30000)


def cell(page, label):
    return page.get_by_label(label, exact=True)


@pytest.fixture
def officers(django_user_model):
    build_forms()
    return {
        "santhang": make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, SAN_THANG,
                              full_name="Lò Văn Minh"),
        "colleague": make_user(django_user_model, "santhang2", Role.COMMUNE_OFFICER, SAN_THANG,
                               full_name="Tao Thị Hoa"),
        "thanhpho": make_user(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, CITY),
    }


@pytest.mark.browser
def test_values_saved_offline_stay_queued_across_a_reload_and_are_applied_and_audited_online(page, login, officers):
    open_online(page, login)
    page.context.set_offline(True)
    cell(page, "Tổng đàn gia súc — Trâu (con)").fill("92.760")
    cell(page, "Tổng đàn gia súc — Bò (con)").fill("25.590")
    cell(page, "Tổng đàn gia cầm (nghìn con)").fill("1.809,5")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#offline-banner")).to_contain_text(BANNER)
    expect(page.locator("#offline-banner")).to_contain_text("3 số liệu")

    # Reloaded without signal: the cached page, the three values still in their cells and queued.
    page.reload()
    expect(page.get_by_role("heading", name="Báo cáo tháng — cấp xã")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text(f"{BANNER}: 3 số liệu")
    expect(cell(page, "Tổng đàn gia súc — Bò (con)")).to_have_value("25.590")
    assert not DataValue.objects.filter(unit__code=SAN_THANG).exists()
    # 40 rows or not, the phone never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#offline-flash")).to_have_text("Đã gửi 3 số liệu lên máy chủ.")
    expect(page.locator("#offline-banner")).to_be_hidden()
    assert stored("HERD", "BUFFALO").value == Decimal("92760")
    assert stored("HERD", "CATTLE").value == Decimal("25590")
    assert stored("POULTRY").value == Decimal("1809.5")
    entries = AuditEntry.objects.filter(object_type="datavalue", unit_code=SAN_THANG, period_code="202312")
    assert entries.count() == 3 and {e.username for e in entries} == {"santhang"}
    # The page now shows the stored figures with their versions (a later save is based on them).
    assert page.locator('input[name="ver:HERD|CATTLE"]').input_value() == "1"


@pytest.mark.browser
def test_a_value_changed_meanwhile_comes_back_as_a_conflict_kept_until_the_officer_chooses(page, login, officers):
    put(("HERD", "PIG", SAN_THANG, "202312", 235000))
    open_online(page, login)
    page.context.set_offline(True)
    cell(page, "Tổng đàn gia súc — Lợn (con)").fill("236.000")
    cell(page, "Tổng đàn gia súc — Trâu (con)").fill("92.760")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#offline-banner")).to_contain_text("2 số liệu")

    # Meanwhile a colleague with signal corrects the pigs.
    put(("HERD", "PIG", SAN_THANG, "202312", 234500), user=officers["colleague"])

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_url("**/nhap-so-lieu/chua-gui/")
    card = page.locator(".conflict")
    expect(card).to_have_count(1)
    expect(card.locator(".mine")).to_have_text("236.000")
    expect(card.locator(".theirs")).to_have_text("234.500")
    expect(card.locator(".who")).to_have_text("Tao Thị Hoa")
    expect(card.locator(".when")).to_contain_text("ngày")
    assert stored("HERD", "BUFFALO").value == Decimal("92760")  # the other value was applied
    assert stored("HERD", "PIG").value == Decimal("234500")  # nothing overwritten

    # Both figures stay until the officer chooses.
    page.reload()
    expect(page.locator(".conflict .mine")).to_have_text("236.000")
    expect(page.locator(".conflict .theirs")).to_have_text("234.500")
    assert stored("HERD", "PIG").value == Decimal("234500")

    page.get_by_role("button", name="Giữ số của tôi").click()
    expect(page.locator("#pending-flash")).to_have_text("Đã gửi 1 số liệu lên máy chủ.")
    expect(page.locator(".conflict")).to_have_count(0)
    pig = stored("HERD", "PIG")
    assert pig.value == Decimal("236000") and pig.version == 3
    assert AuditEntry.objects.filter(indicator_code="HERD", option_code="PIG", username="santhang").count() == 1


@pytest.mark.browser
def test_offline_the_rules_messages_are_the_online_ones_and_an_invalid_cell_is_not_kept(page, login, officers):
    open_online(page, login)
    page.context.set_offline(True)
    page.reload()  # from the cache, with the rules the server exported
    cell(page, "Tổng đàn gia súc (con)").fill("353.350")
    cell(page, "Tổng đàn gia súc — Trâu (con)").fill("92.760")
    cell(page, "Tổng đàn gia súc — Bò (con)").fill("25.590")
    cell(page, "Tổng đàn gia súc — Lợn (con)").fill("234.000")
    expect(page.locator("#check-list")).to_contain_text(
        "Lỗi: Tổng đàn gia súc (353.350) phải bằng Trâu + Bò + Lợn (352.350).")
    cell(page, "Tổng đàn gia cầm (nghìn con)").fill("nhiều")
    expect(page.locator('[data-msg="POULTRY|"]')).to_have_text(
        "'nhiều' không phải số. Viết kiểu Việt Nam (1.735,6) hoặc kiểu thường (1735.6).")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#entry-alert")).to_contain_text("1 ô không hợp lệ")
    expect(page.locator("#offline-banner")).to_be_hidden()
    assert page.evaluate("""async () => {
        const db = await idb.openDB("bacthang-offline", 1);
        return (await db.getAll("queue")).length; }""") == 0


@pytest.mark.browser
def test_a_value_queued_for_a_report_approved_meanwhile_is_refused_with_the_reason(page, login, officers):
    open_online(page, login)
    page.context.set_offline(True)
    cell(page, "Tổng đàn gia cầm (nghìn con)").fill("1.809,5")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#offline-banner")).to_contain_text("1 số liệu")

    form = ReportForm.objects.get(code="BC_THANG_XA")
    actions.do_submit(form, u(SAN_THANG), p("202312"), user=officers["colleague"])
    sub = actions.do_approve(actions.submission_for(form, u(SAN_THANG), p("202312")), user=officers["thanhpho"])
    assert sub.status == Status.APPROVED

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_url("**/nhap-so-lieu/chua-gui/")
    expect(page.locator("#refused-list")).to_contain_text("Tổng đàn gia cầm")
    expect(page.locator("#refused-list")).to_contain_text("(đã duyệt); không sửa được")
    assert stored("POULTRY") is None


@pytest.mark.browser
def test_the_queue_waits_for_its_owner_and_is_not_sent_for_another_user(page, login, officers):
    open_online(page, login)
    page.context.set_offline(True)
    cell(page, "Tổng đàn gia cầm (nghìn con)").fill("1.809,5")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#offline-banner")).to_contain_text("1 số liệu")

    # Long offline: the session is gone when the signal returns.  Nothing is sent, nothing lost.
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(1500)
    assert stored("POULTRY") is None
    # Saved with signal but no session: kept on the phone too, never posted into a login redirect.
    cell(page, "Tổng đàn gia súc — Bò (con)").fill("25.590")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#offline-flash")).to_contain_text("Phiên đăng nhập đã hết")
    expect(page.locator("#offline-banner")).to_contain_text(f"{BANNER}: 2 số liệu")

    # A colleague signs in on the same phone: the queue is not theirs and is not sent.
    sign_in(login, page, "santhang2")
    page.goto(URL)
    expect(page.locator("#offline-app")).to_have_attribute("data-cached", "yes")
    expect(page.locator("#offline-banner")).to_be_hidden()
    page.goto("/nhap-so-lieu/chua-gui/")
    expect(page.locator("#pending-others")).to_contain_text("2 mục của người dùng khác")
    assert stored("POULTRY") is None

    # Its owner signs in again: opening the data-entry pages sends it.  (Let the page's own
    # requests finish first: a late answer would set the old CSRF cookie over the login page's.)
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    page.context.clear_cookies()
    sign_in(login, page, "santhang")
    page.goto(URL)
    expect(page.locator("#offline-flash")).to_have_text("Đã gửi 2 số liệu lên máy chủ.")
    assert stored("POULTRY").value == Decimal("1809.5") and stored("HERD", "CATTLE").value == Decimal("25590")
    assert set(AuditEntry.objects.filter(object_type="datavalue").values_list("username", flat=True)) == {"santhang"}

    # Signing out forgets the cached pages (they hold this user's figures).
    expect(page.locator("#offline-app")).to_have_attribute("data-cached", "yes")
    assert "bacthang-forms" in page.evaluate("caches.keys()")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")
    assert "bacthang-forms" not in page.evaluate("caches.keys()")


@pytest.mark.browser
def test_a_form_of_40_rows_fits_a_390_px_phone_with_large_numeric_inputs(page, login, officers):
    from indicators.models import Indicator, IndicatorKind

    from ..models import FormRow

    form = ReportForm.objects.create(code="BC_40_DONG", name="Biểu 40 dòng", period_type="month", level=Level.COMMUNE,
                                     root_unit=u("12"), deadline_offset_days=0)
    indicators = list(Indicator.objects.exclude(kind=IndicatorKind.FORMULA).filter(unit__isnull=True)
                      .order_by("sort_order", "code")[:40])
    assert len(indicators) == 40
    for order, ind in enumerate(indicators):
        FormRow.objects.create(form=form, indicator=ind, section="Các chỉ tiêu", sort_order=order)
    page.set_viewport_size({"width": 390, "height": 844})
    login("santhang", PASSWORD)
    page.goto(f"/nhap-so-lieu/BC_40_DONG/{SAN_THANG}/202312/")
    rows = page.locator("table.entry tbody tr")
    assert rows.count() >= 40
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("input.num-input").first
    assert first.get_attribute("inputmode") == "decimal"
    assert first.bounding_box()["height"] >= 44


@pytest.mark.browser
def test_a_submission_made_offline_is_made_after_its_values_and_a_page_never_cached_says_so(page, login, officers):
    open_online(page, login)
    page.context.set_offline(True)
    for label, text in [("Tổng đàn gia súc (con)", "353.350"), ("Tổng đàn gia súc — Trâu (con)", "92.760"),
                        ("Tổng đàn gia súc — Bò (con)", "25.590"), ("Tổng đàn gia súc — Lợn (con)", "235.000")]:
        cell(page, label).fill(text)
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator("#offline-banner")).to_contain_text(f"{BANNER}: 4 số liệu và 1 lần nộp báo cáo")

    page.goto(f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202311/")  # never opened with signal
    expect(page.get_by_role("heading", name="Không có mạng")).to_be_visible()
    page.goto(URL)

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#offline-flash")).to_have_text("Đã gửi 4 số liệu lên máy chủ. Đã nộp 1 báo cáo.")
    sub = actions.submission_for(ReportForm.objects.get(code="BC_THANG_XA"), u(SAN_THANG), p("202312"))
    assert sub.status == Status.SUBMITTED
    assert stored("HERD").value == Decimal("353350")
    assert sub.submitted_at >= max(AuditEntry.objects.filter(object_type="datavalue").values_list("at", flat=True))
