"""The public catalogue in a browser: a phone (390 px) without JavaScript finds a product,
and the address its QR code holds opens its page; a revoked product says so."""

from __future__ import annotations

import pytest

from catalogue import qr
from catalogue.demo import load_demo_catalogue
from catalogue.models import PublicProduct
from registries.demo import load_demo_registries

from .conftest import add_world


@pytest.fixture
def phone(browser, live_server, loaded_transactional_db):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, base_url=live_server.url,
                                  java_script_enabled=False)
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_a_visitor_on_a_phone_finds_a_product_and_follows_its_qr_code(phone):
    load_demo_registries()
    load_demo_catalogue()
    world = add_world({e.product.name: e for e in PublicProduct.objects.select_related("product")})
    page = phone
    page.goto("/ocop/")
    assert page.get_by_role("heading", name="Danh mục sản phẩm OCOP").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Tìm (không cần dấu)").fill("mac ca")
    page.get_by_role("button", name="Lọc").click()
    assert page.get_by_text("2 sản phẩm").is_visible()
    page.get_by_role("link", name="Nhân mắc ca").click()
    assert page.get_by_role("heading", name="Nhân mắc ca").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The code on the page holds this address (the served symbol is the address's own) …
    url = page.locator(".cat-qr-url").inner_text().strip()
    svg_src = page.get_by_role("img", name="Mã QR mở trang này").get_attribute("src")
    served = page.request.get(svg_src)
    assert served.ok and served.body() == qr.svg(url, "Nhân mắc ca")
    # … and the address opens the product's page, as a phone's camera would.
    page.goto(url)
    assert page.get_by_role("heading", name="Nhân mắc ca").is_visible()
    assert page.get_by_role("status").get_by_text("Hết hạn").is_visible()

    honey = world["honey"]
    page.goto(f"/ocop/sp/{honey.public_id}/")
    url = page.locator(".cat-qr-url").inner_text().strip()
    page.goto(url)
    assert page.get_by_role("heading", name="Mật ong bạc hà thu hồi").is_visible()
    assert page.get_by_role("status").get_by_text("Bị thu hồi").is_visible()
