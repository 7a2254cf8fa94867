"""The public catalogue: list, filters, search without diacritics, product pages and status."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import PublicProduct

from .conftest import PRIVATE_ADDRESS, PUBLIC_PHONE, TAN_PHONG

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return re.findall(r'<strong class="cat-name">([^<]+)</strong>', response.content.decode())


def test_the_demos_named_products_are_listed_without_login_and_placeholders_are_not(demo_catalogue):
    r = Client().get("/ocop/")
    assert r.status_code == 200
    assert sorted(names(r)) == ["Bưởi da xanh", "Hạt mắc ca", "Nhân mắc ca", "Ổi không hạt"]
    assert "giữ chỗ" not in r.content.decode()
    assert "public" in r["Cache-Control"] and "max-age=300" in r["Cache-Control"]
    assert "Set-Cookie" not in r.headers


def test_search_without_diacritics_finds_mac_ca(demo_catalogue):
    r = Client().get("/ocop/", {"q": "mac ca"})
    assert sorted(names(r)) == ["Hạt mắc ca", "Nhân mắc ca"]
    assert names(Client().get("/ocop/", {"q": "NHÂN MẮC"})) == ["Nhân mắc ca"]
    assert names(Client().get("/ocop/", {"q": "sầu riêng"})) == []


def test_products_are_sorted_by_stars_then_name_and_filtered(world):
    r = Client().get("/ocop/")
    listed = names(r)
    assert listed[0] == "Chè Shan tuyết Tân Phong"  # the only 4-star product
    three = listed[1:]
    assert three == ["Bưởi da xanh", "Hạt mắc ca", "Mật ong bạc hà thu hồi", "Nhân mắc ca", "Ổi không hạt"]
    assert names(Client().get("/ocop/", {"sao": "4"})) == ["Chè Shan tuyết Tân Phong"]
    assert names(Client().get("/ocop/", {"chu-the": "HTX Ong Tân Phong"})) == ["Mật ong bạc hà thu hồi"]
    assert names(Client().get("/ocop/", {"tinh-trang": "bi-thu-hoi"})) == ["Mật ong bạc hà thu hồi"]
    assert names(Client().get("/ocop/", {"nhom": "du_lich"})) == []


def test_the_commune_filter_uses_the_new_structure_and_shows_the_old_names(world):
    # Xã San Thàng (old) merged into Phường Tân Phong (12.03408): the tea recorded on the old
    # commune and the honey recorded on the new ward are both in Tân Phong.
    r = Client().get("/ocop/", {"xa": TAN_PHONG})
    assert sorted(names(r)) == ["Chè Shan tuyết Tân Phong", "Mật ong bạc hà thu hồi"]
    body = r.content.decode()
    assert "Phường Tân Phong (trước 01/07/2025: " in body and "Xã San Thàng" in body
    # The fruit of old Quyết Thắng / Quyết Tiến is in their one new ward.
    fruit = world["Bưởi da xanh"]
    ward = fruit.place_unit
    assert sorted(names(Client().get("/ocop/", {"xa": ward.code}))) == ["Bưởi da xanh", "Ổi không hạt"]
    assert f'value="{ward.code}"' in body


def test_the_list_is_paginated(world, monkeypatch):
    monkeypatch.setattr("catalogue.views.PAGE_SIZE", 4)
    first = Client().get("/ocop/")
    second = Client().get("/ocop/", {"trang": 2})
    assert len(names(first)) == 4 and len(names(second)) == 2
    assert set(names(first)).isdisjoint(names(second))
    assert 'trang=2' in first.content.decode()


def test_a_product_page_shows_every_public_field_and_only_consented_contacts(world):
    entry = world["tea"]
    r = Client().get(f"/ocop/sp/{entry.public_id}/")
    body = r.content.decode()
    assert r.status_code == 200
    for text in ["Chè Shan tuyết Tân Phong", "4 sao", "70–89 điểm", "đạt 78 điểm", "HTX Chè Tân Phong",
                 "số 1234/QĐ-UBND", "ngày 10/09/2025", "Hiệu lực đến", "10/09/2028", "Còn hiệu lực",
                 PUBLIC_PHONE, "Phường Tân Phong (trước 01/07/2025:", "Thông tin truy xuất nguồn gốc",
                 "8930000000019", "/ocop/01/08930000000019", "Lô L2026-01", "qr.svg", "nhan-qr.pdf"]:
        assert text in body, text
    assert PRIVATE_ADDRESS not in body  # no consent for the address


def test_a_revoked_product_says_so_and_stays_reachable(world):
    r = Client().get(f"/ocop/sp/{world['honey'].public_id}/")
    assert r.status_code == 200
    assert "Bị thu hồi" in r.content.decode() and "thu hồi ngày 01/05/2026" in r.content.decode()


def test_an_expired_demo_product_says_so(demo_catalogue):
    # Demo certificates of 2021–2023 are valid 36 months: the page says "Hết hạn" plainly.
    entry = demo_catalogue["Bưởi da xanh"]
    assert entry.product.valid_until == dt.date(2025, 12, 15)  # decided 15/12/2022 (the demo's second round)
    body = Client().get(f"/ocop/sp/{entry.public_id}/").content.decode()
    assert "Hết hạn" in body and "hết hiệu lực sau ngày 15/12/2025" in body


@pytest.mark.parametrize("which", ["draft", "evaluated", "unpublished", "placeholder"])
def test_drafts_products_under_evaluation_unpublished_and_placeholders_answer_404(world, which):
    entry = world["hidden"][which]
    client = Client()
    for path in [f"/ocop/sp/{entry.public_id}/", f"/ocop/sp/{entry.public_id}/qr.png",
                 f"/ocop/sp/{entry.public_id}/qr.svg", f"/ocop/sp/{entry.public_id}/nhan-qr.pdf"]:
        r = client.get(path)
        assert r.status_code == 404, path
        assert entry.product.name not in r.content.decode(errors="replace")
    assert names(Client().get("/ocop/", {"q": entry.product.name})) == []
    assert entry.product.name not in Client().get("/ocop/").content.decode()


def test_the_public_id_survives_a_rename_and_a_move(world):
    from audit.models import Channel
    from registries.actions import do_update
    from units.models import Unit

    entry = world["tea"]
    url = f"/ocop/sp/{entry.public_id}/"
    do_update(entry.product, {"name": "Chè Shan tuyết cổ thụ", "unit": Unit.objects.get(code=TAN_PHONG)},
              channel=Channel.SYSTEM)
    r = Client().get(url)
    assert r.status_code == 200 and "Chè Shan tuyết cổ thụ" in r.content.decode()
    assert PublicProduct.objects.get(pk=entry.pk).public_id == entry.public_id


def test_the_gs1_digital_link_resolves_to_the_product_and_its_batch(world):
    entry = world["tea"]
    batch = entry.batches.get()
    r = Client().get("/ocop/01/08930000000019")
    assert r.status_code == 302 and r["Location"] == reverse("catalogue:product", args=[entry.public_id])
    r = Client().get("/ocop/01/08930000000019/10/L2026-01")
    assert r.status_code == 302 and r["Location"] == reverse("catalogue:batch", args=[batch.public_id])
    assert Client().get("/ocop/01/08930000000026").status_code == 404


def test_a_batch_page_shows_its_lot_and_dates(world):
    batch = world["tea"].batches.get()
    body = Client().get(f"/ocop/lo/{batch.public_id}/").content.decode()
    for text in ["Lô sản xuất", "L2026-01", "01/03/2026", "01/03/2027", "Chè Shan tuyết Tân Phong"]:
        assert text in body


def test_anonymous_visitors_are_rate_limited(demo_catalogue, settings):
    settings.CATALOGUE_RATE_LIMIT = 3
    client = Client()
    statuses = [client.get("/ocop/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    r = client.get("/ocop/")
    assert r["Retry-After"] == "60" and "Quá nhiều yêu cầu" in r.content.decode()


def test_a_post_is_refused(demo_catalogue):
    assert Client().post("/ocop/").status_code == 405


def test_the_public_pages_make_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    from catalogue.tests.conftest import certified, publish

    for i in range(12):
        publish(certified(f"Sản phẩm thêm {i:02d}", "12.105.03409", stars=3 + i % 3))
    entry = world["tea"]
    batch = entry.batches.get()
    client = Client()
    for path in ["/ocop/", "/ocop/?q=che&sao=4", f"/ocop/?xa={TAN_PHONG}", f"/ocop/sp/{entry.public_id}/",
                 f"/ocop/lo/{batch.public_id}/", "/ocop/du-lieu/san-pham-ocop.csv",
                 "/ocop/du-lieu/san-pham-ocop.json", f"/ocop/sp/{entry.public_id}/qr.png"]:
        with django_assert_max_num_queries(10):  # 4–9 today, whatever the number of products
            assert client.get(path).status_code == 200, path


def test_a_batch_of_a_product_that_is_not_public_answers_404(world):
    from audit.models import Channel
    from catalogue.actions import do_save_batch
    from catalogue.models import Batch

    draft = world["hidden"]["draft"]
    batch, _ = do_save_batch(Batch(entry=draft), {"lot_code": "NHAP-01"}, channel=Channel.SYSTEM)
    for suffix in ["", "qr.png", "qr.svg", "nhan-qr.pdf"]:
        assert Client().get(f"/ocop/lo/{batch.public_id}/{suffix}").status_code == 404
    hidden_batch, _ = do_save_batch(Batch(entry=world["tea"]), {"lot_code": "AN-01", "published": False},
                                    channel=Channel.SYSTEM)
    assert Client().get(f"/ocop/lo/{hidden_batch.public_id}/").status_code == 404
    assert "AN-01" not in Client().get(f"/ocop/sp/{world['tea'].public_id}/").content.decode()
