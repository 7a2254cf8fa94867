"""The defects a new user met (issue 24), each shown in a real browser on the demo data:
what the user sees, the way they see it.  (The invalid-draft message has its own test in
collection/tests/test_browser.py.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytestmark = [pytest.mark.browser]

SAN_THANG, TAN_PHONG = "12.105.03409", "12.03408"


@pytest.fixture
def demo_site(loaded_transactional_db, settings):
    from demo.loading import ensure_demo_users, load_demo

    debug = settings.DEBUG
    settings.DEBUG = True  # the demo loader refuses to run otherwise
    load_demo(["12", "02"])
    ensure_demo_users()
    settings.DEBUG = debug


def submit(unit_code: str, period_code: str, form_code: str = "BC_THANG_XA"):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from collection import actions
    from collection.models import ReportForm
    from periods.models import Period
    from units.models import Unit

    return actions.do_submit(ReportForm.objects.get(code=form_code), Unit.objects.get(code=unit_code),
                             Period.objects.for_code(period_code),
                             user=get_user_model().objects.get(username="santhang"),
                             at=timezone.make_aware(dt.datetime(2026, 12, 10, 9, 0)))


def test_1_a_commune_officer_sees_no_progress_link_to_a_parent_they_may_not_read(page, login, demo_site):
    login("santhang", "demo")
    page.goto(f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202312/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("link", name=re.compile("Tiến độ Thành phố Lai Châu|Tiến độ Tỉnh Lai Châu")).count() == 0


def test_1_the_city_officer_follows_the_progress_link_of_the_city(page, login, demo_site):
    login("thanhpho", "demo")
    page.goto(f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202312/")
    page.get_by_role("link", name="Tiến độ Thành phố Lai Châu").click()
    assert page.get_by_role("heading", name="Tiến độ nộp báo cáo").is_visible()


def test_2_a_leader_refused_a_form_gets_a_vietnamese_page_with_the_menu(page, login, demo_site):
    login("lanhdao", "demo")
    response = page.goto("/so-dang-ky/ocop/them/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Không có quyền truy cập").is_visible()
    assert page.get_by_role("navigation", name="Điều hướng chính").is_visible()
    assert "Forbidden" not in page.content()
    assert page.goto("/khong-co-trang-nay/").status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()


def test_3_the_commune_table_counts_only_communes_that_reported(page, login, demo_site):
    login("tinh", "demo")
    page.goto("/bang-xa/12/?ky=202612&co-cau=sau&nhom=chan_nuoi")
    status = page.get_by_text(re.compile(r"\d+ đơn vị đã có số liệu")).first.inner_text()
    assert re.search(r"(\d+) đơn vị đã có số liệu", status).group(1) == "2"


def test_5_the_audit_page_names_objects_and_fields_as_users_do(page, login, demo_site):
    submit(TAN_PHONG, "202612")
    login("tinh", "demo")
    page.goto("/nhat-ky/")
    text = page.locator("main").inner_text()
    assert "collection.submission" not in text and "approved_at" not in text and ": None" not in text
    assert "Phường Tân Phong" in text


@pytest.mark.parametrize("query", ["MẮC CA", "mac ca"])
def test_6_registry_search_ignores_case_and_diacritics(page, login, demo_site, query):
    login("tinh", "demo")
    page.goto("/so-dang-ky/ocop/")
    page.locator("main").get_by_role("searchbox").first.fill(query)
    page.locator("main").get_by_role("searchbox").first.press("Enter")
    page.wait_for_url(re.compile(r"q="))
    assert page.get_by_role("link", name="Hạt mắc ca").is_visible()
    assert page.get_by_role("link", name="Nhân mắc ca").is_visible()


def test_7_the_approver_sees_the_total_of_a_submitted_report(page, login, demo_site):
    from decimal import Decimal

    from datavalues.writing import FigureChange, do_set_values
    from indicators.models import Indicator
    from periods.models import Period
    from units.models import Unit

    area = Indicator.objects.get(code="CROP_SOWN_AREA")
    unit, period = Unit.objects.get(code=TAN_PHONG), Period.objects.for_code("202612")
    do_set_values([FigureChange(area, area.option_for("RICE"), unit, period, Decimal(100)),
                   FigureChange(area, area.option_for("MAIZE"), unit, period, Decimal("23.5"))], channel="system")
    submit(TAN_PHONG, "202612")
    login("thanhpho", "demo")
    page.goto(f"/nhap-so-lieu/BC_THANG_XA/{TAN_PHONG}/202612/")
    assert page.locator("main input[name]:not([type=hidden]):not([disabled]):not([readonly])").count() == 0
    assert page.locator('output[data-total="CROP_SOWN_AREA|"]').inner_text() == "123,5"


def test_8_the_city_officer_finds_a_new_commune_report_in_the_pending_list(page, login, demo_site):
    submit(TAN_PHONG, "202612")
    login("thanhpho", "demo")
    page.goto("/nhap-so-lieu/")
    pending = page.locator("section", has=page.get_by_role("heading", name=re.compile("Báo cáo chờ duyệt")))
    assert "Phường Tân Phong" in pending.inner_text()
    pending.locator(f'a[href*="/{TAN_PHONG}/202612/"]').first.click()
    assert page.get_by_role("button", name=re.compile("Duyệt")).first.is_visible()


def test_10_the_administrator_starts_in_lai_chau(page, login, demo_site):
    login("admin", "demo")
    page.goto("/tong-quan/")
    assert "Lai Châu" in page.get_by_role("heading", level=1).inner_text()


def test_11_the_report_page_offers_own_programmes_and_both_structures(page, login, demo_site):
    login("tinh", "demo")
    page.goto("/bao-cao/")
    programmes = page.locator('select[name="programme"]').inner_text()
    assert "Hà Giang" not in programmes
    units = page.locator('select[name="unit"]')
    assert units.locator('optgroup[label="Từ 01/07/2025"] option').count() == 38
    assert units.locator('optgroup[label="Trước 01/07/2025"] option').count() == 8


def test_4_the_monthly_report_after_the_term_invents_no_zero_capital_nor_a_longer_term(page, login, demo_site,
                                                                                         tmp_path):
    from reports.tests.conftest import docx_text

    login("tinh", "demo")
    page.goto("/bao-cao/")
    page.get_by_label("Loại văn bản").select_option("monthly")
    page.get_by_label("Đơn vị", exact=True).select_option("12")
    page.get_by_label("Loại kỳ").select_option(label="Tháng")
    page.get_by_label("Tháng", exact=True).select_option(label="Tháng 12")
    page.get_by_label("Năm", exact=True).select_option(label="Năm 2026")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải văn bản Word (.docx)").click()
    path = tmp_path / "bao-cao.docx"
    info.value.save_as(path)
    text = docx_text(path.read_bytes())
    assert "tổng vốn đã được phân bổ" in text
    assert not re.search(r"năm 20\d\d là 0 triệu đồng", text)
    assert "2021-2026" not in text


# ---- 12: the smaller defects


def test_12_completeness_has_a_period_picker_and_a_unit_tree_with_search(page, login, demo_site):
    login("thanhpho", "demo")
    page.goto("/nhap-so-lieu/tien-do/?form=BC_THANG_XA")
    assert page.locator("input#id_period").get_attribute("type") == "hidden"  # no typed code
    page.get_by_label("Tháng", exact=True).select_option(label="Tháng 12")
    page.get_by_label("Năm", exact=True).select_option(label="Năm 2026")
    page.get_by_label("Lọc theo tên hoặc mã").fill("tan phong")
    visible = page.locator("#id_unit option:not([hidden])").all_inner_texts()
    assert visible and all("Tân Phong" in t for t in visible), visible
    page.locator("#id_unit").select_option("12.03408")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"period=202612.*unit=12\.03408"))
    assert "Tháng 12/2026" in page.locator("#overall").inner_text()


def test_12_the_report_page_picks_a_year_or_a_month_without_typing_a_code(page, login, demo_site):
    login("tinh", "demo")
    page.goto("/bao-cao/")
    assert page.locator('input[name="period"]').get_attribute("type") == "hidden"
    page.get_by_label("Loại kỳ").select_option(label="Năm")
    page.get_by_label("Năm", exact=True).select_option(label="Năm 2023")
    assert page.locator('input[name="period"]').input_value() == "2023"
    page.get_by_label("Loại kỳ").select_option(label="Quý")
    page.get_by_label("Quý", exact=True).select_option(label="Quý IV")
    assert page.locator('input[name="period"]').input_value() == "2023Q4"
    page.get_by_label("Lọc theo tên hoặc mã").fill("TAN PHONG")
    shown = page.locator('select[name="unit"] option:not([hidden])').all_inner_texts()
    assert shown and all("Tân Phong" in t for t in shown), shown


def test_12_demo_records_are_not_named_placeholders(page, login, demo_site):
    login("tinh", "demo")
    for registry in ("ocop", "htx"):
        page.goto(f"/so-dang-ky/{registry}/")
        names = page.locator("table tbody th a").all_inner_texts()
        assert names and not [n for n in names if "giữ chỗ" in n], names


def test_12_a_commune_is_named_alike_in_both_structures(page, login, demo_site):
    login("tinh", "demo")
    page.goto("/nhap-so-lieu/tien-do/")
    page.get_by_label("Lọc theo tên hoặc mã").fill("pa u")
    names = [t.strip() for t in page.locator("#id_unit option:not([hidden])").all_inner_texts()]
    assert any(n.startswith("Xã Pa Ủ") for n in names), names
    assert not [n for n in names if "Pa ủ" in n]


def test_12_the_phone_menu_says_it_scrolls_sideways(browser, live_server, demo_site):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tinh")
    page.get_by_label("Mật khẩu").fill("demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    hint = page.get_by_text("Vuốt sang trái để xem thêm mục")
    assert hint.is_visible()
    page.locator(".mainnav ul").evaluate("ul => ul.scrollTo(ul.scrollWidth, 0)")
    page.locator(".mainnav.more").wait_for(state="detached")
    assert not hint.is_visible()
    # The commune table's header is no tall blank band on a phone.
    page.goto("/bang-xa/12/?ky=202312&co-cau=truoc")
    assert page.locator("table.grid thead").bounding_box()["height"] < 140
    context.close()


def test_12_the_desktop_menu_has_no_scroll_hint(page, login, demo_site):
    login("tinh", "demo")
    assert not page.get_by_text("Vuốt sang trái để xem thêm mục").is_visible()


@pytest.mark.parametrize("username,shown", [("santhang", False), ("lanhdao", False), ("tinh", True),
                                            ("admin", True)])
def test_12_the_api_key_link_is_for_roles_that_use_the_api(page, login, demo_site, username, shown):
    login(username, "demo")
    assert page.get_by_role("link", name="Mã API").count() == (1 if shown else 0)


# ---- what users expect


def test_the_header_search_shows_results_as_you_type(page, login, demo_site):
    login("thanhpho", "demo")
    page.goto("/tong-quan/")
    page.get_by_role("searchbox", name="Tìm kiếm").press_sequentially("mac ca", delay=30)
    results = page.locator("#site-results")
    results.get_by_role("link", name=re.compile("^Hạt mắc ca")).wait_for()
    assert results.get_by_role("heading", name="Sổ đăng ký").is_visible()
    results.get_by_role("link", name=re.compile("^Hạt mắc ca")).click()
    page.wait_for_url(re.compile(r"/so-dang-ky/ocop/\d+/"))
    page.get_by_role("searchbox", name="Tìm kiếm").fill("san thang")
    page.get_by_role("searchbox", name="Tìm kiếm").press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=san"))
    assert page.get_by_role("link", name="Xã San Thàng").first.is_visible()


def test_a_large_import_runs_in_the_background_with_a_progress_page(page, login, demo_site, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    settings.JOBS_IN_THREAD = True  # the live server runs the job (PostgreSQL's default is run_jobs)
    rows = "".join(f"HERD,PIG,{TAN_PHONG},{2026}{m:02d},{100 + m}\n" for m in range(1, 12))
    path = tmp_path / "so-lieu.csv"
    path.write_text("indicator,option,unit,period,value\n" + rows, encoding="utf-8")
    login("tinh", "demo")
    page.goto("/viec-nen/nhap-so-lieu/")
    page.get_by_label("Tệp số liệu (.csv, .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và nhập").click()
    page.wait_for_url(re.compile(r"/viec-nen/\d+/$"))
    assert page.get_by_role("progressbar", name="Tiến độ").is_visible()
    page.get_by_role("alert").get_by_text("Đã xong!").wait_for(timeout=30000)  # the page polls by itself
    assert "11 mới" in page.get_by_role("alert").inner_text()


def test_the_map_colours_communes_and_a_click_drills_down(page, login, demo_site):
    import datetime

    from maps.loading import load_boundaries
    from maps.tests.test_maps import SYNTHETIC  # SYNTHETIC squares, not real outlines

    load_boundaries(SYNTHETIC, valid_to=datetime.date(2025, 6, 30))
    login("thanhpho", "demo")
    page.goto("/tong-quan/12.105/")
    page.get_by_role("link", name="Bản đồ các đơn vị trực thuộc").click()
    page.wait_for_url(re.compile(r"/ban-do/12\.105/"))
    page.get_by_label("Cơ cấu đơn vị").select_option("truoc")
    page.get_by_role("button", name="Xem").click()
    page.locator("#map[data-drawn='7']").wait_for()
    assert page.locator("#map path.leaflet-interactive").count() == 7
    page.locator("#map path.leaflet-interactive").first.click()
    page.wait_for_url(re.compile(r"/ban-do/12\.105\.\d+/"))
    assert page.get_by_role("heading", name="Chưa có ranh giới để vẽ bản đồ").is_visible()  # a commune: no units below
