"""QR codes hold the permanent address; label sheets are one A4 page; open data files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from catalogue import qr
from catalogue.models import gtin_check_digit, validate_gtin

from .conftest import PRIVATE_ADDRESS, PUBLIC_PHONE

pytestmark = pytest.mark.django_db


def test_the_qr_codes_encode_the_products_permanent_address(world):
    entry = world["tea"]
    url = f"http://testserver/ocop/sp/{entry.public_id}/"
    r = Client().get(f"/ocop/sp/{entry.public_id}/qr.png")
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and "max-age=3600" in r["Cache-Control"]
    assert r.content == qr.png(url)  # the same symbol as the address's, so it opens that page
    r = Client().get(f"/ocop/sp/{entry.public_id}/qr.svg")
    assert r["Content-Type"] == "image/svg+xml" and r.content == qr.svg(url, entry.product.name)
    assert qr.png(url) != qr.png(url + "x")


def test_the_printed_address_follows_public_base_url(world, settings):
    settings.PUBLIC_BASE_URL = "https://ocop.laichau.gov.vn"
    entry = world["tea"]
    r = Client().get(f"/ocop/sp/{entry.public_id}/qr.png")
    assert r.content == qr.png(f"https://ocop.laichau.gov.vn/ocop/sp/{entry.public_id}/")
    assert f"https://ocop.laichau.gov.vn/ocop/sp/{entry.public_id}/" in Client().get(
        f"/ocop/sp/{entry.public_id}/").content.decode()


def test_a_batch_has_its_own_qr_code_and_label_sheet(world):
    batch = world["tea"].batches.get()
    r = Client().get(f"/ocop/lo/{batch.public_id}/qr.png")
    assert r.content == qr.png(f"http://testserver/ocop/lo/{batch.public_id}/")
    r = Client().get(f"/ocop/lo/{batch.public_id}/nhan-qr.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_the_label_sheet_is_one_a4_page_for_the_products_address(world):
    entry = world["tea"]
    r = Client().get(f"/ocop/sp/{entry.public_id}/nhan-qr.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = r.content
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4
    assert f"/ocop/sp/{entry.public_id}/".encode() in pdf  # the address, in the document's subject
    assert b"DejaVuSans" in pdf  # a font with Vietnamese diacritics


def test_open_data_csv_and_json_hold_the_public_catalogue(world):
    r = Client().get("/ocop/du-lieu/san-pham-ocop.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    by_name = {row["ten_san_pham"]: row for row in rows}
    assert set(by_name) == {"Chè Shan tuyết Tân Phong", "Mật ong bạc hà thu hồi", "Bưởi da xanh", "Ổi không hạt",
                            "Hạt mắc ca", "Nhân mắc ca"}
    tea = by_name["Chè Shan tuyết Tân Phong"]
    assert (tea["hang_sao"], tea["khung_diem"], tea["tinh_trang"], tea["hieu_luc_den"]) == (
        "4", "70–89 điểm", "Còn hiệu lực", "2028-09-10")
    assert tea["dien_thoai_chu_the"] == PUBLIC_PHONE and tea["dia_chi_chu_the"] == ""
    assert tea["gs1_digital_link"] == "http://testserver/ocop/01/08930000000019"
    assert tea["xa_phuong"] == "Phường Tân Phong"
    assert by_name["Mật ong bạc hà thu hồi"]["tinh_trang"] == "Bị thu hồi"
    doc = json.loads(Client().get("/ocop/du-lieu/san-pham-ocop.json").content)
    assert doc["so_san_pham"] == 6 and "CC BY 4.0" in doc["giay_phep"]
    assert {p["ten_san_pham"] for p in doc["san_pham"]} == set(by_name)
    assert PRIVATE_ADDRESS not in json.dumps(doc, ensure_ascii=False)


@pytest.mark.parametrize("value,ok", [("8930000000019", True), ("8930000000018", False), ("12345", False),
                                      ("96385074", True), ("０８９３", False)])
def test_gtins_are_checked(value, ok):
    from django.core.exceptions import ValidationError

    if ok:
        validate_gtin(value)
    else:
        with pytest.raises(ValidationError):
            validate_gtin(value)
    assert gtin_check_digit("893000000001") == 9


def _png(width=40, height=30) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 110, 60)).save(out, format="PNG")
    return out.getvalue()


def test_a_photo_is_checked_on_upload_and_served_only_for_a_public_product(world):
    from django.core.exceptions import ValidationError

    from audit.models import AuditEntry, Channel
    from catalogue.actions import do_add_photo

    entry, hidden = world["tea"], world["hidden"]["draft"]
    for bad, message in [(b"not an image", "không phải ảnh"), (b"GIF89a" + b"\0" * 30, "không phải ảnh"),
                         (b"\xff" * (2 * 1024 * 1024 + 1), "lớn hơn 2 MB")]:
        with pytest.raises(ValidationError, match=message):
            do_add_photo(entry, bad, channel=Channel.SYSTEM)
    assert not entry.photos.exists()
    photo = do_add_photo(entry, _png(), caption="Đồi chè", channel=Channel.SYSTEM)
    assert (photo.content_type, photo.width, photo.height) == ("image/png", 40, 30)
    assert AuditEntry.objects.filter(object_type="catalogue.productphoto", object_id=photo.pk).exists()
    r = Client().get(f"/ocop/sp/{entry.public_id}/anh/{photo.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and r.content == _png()
    page = Client().get(f"/ocop/sp/{entry.public_id}/").content.decode()
    assert f"/ocop/sp/{entry.public_id}/anh/{photo.pk}/" in page
    private = do_add_photo(hidden, _png(), channel=Channel.SYSTEM)
    assert Client().get(f"/ocop/sp/{hidden.public_id}/anh/{private.pk}/").status_code == 404
    assert Client().get(f"/ocop/sp/{entry.public_id}/anh/{private.pk}/").status_code == 404
