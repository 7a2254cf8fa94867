"""Publishing a product on the admin pages goes through catalogue.actions (audited)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEntry, Channel
from catalogue.models import ProductPhoto, PublicProduct

from .conftest import SAN_THANG, certified

pytestmark = pytest.mark.django_db


def test_an_administrator_publishes_a_product_with_a_batch_and_a_photo(admin_client):
    product = certified("Chè Shan tuyết", SAN_THANG)
    r = admin_client.post("/admin/catalogue/publicproduct/add/", {
        "product": product.pk, "published": "on", "description": "Chè cổ thụ", "producer_phone": "0213 3876 543",
        "show_phone": "on", "gtin": "", "place_detail": "", "facility": "", "producer_address": "",
        "batches-TOTAL_FORMS": "1", "batches-INITIAL_FORMS": "0", "batches-MIN_NUM_FORMS": "0",
        "batches-MAX_NUM_FORMS": "1000", "batches-0-lot_code": "L1", "batches-0-produced_on": "2026-03-01",
        "batches-0-published": "on",
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    entry = PublicProduct.objects.get(product=product)
    assert entry.published and entry.batches.get().lot_code == "L1"
    assert AuditEntry.objects.filter(channel=Channel.ADMIN, object_type="catalogue.publicproduct").exists()
    assert AuditEntry.objects.filter(channel=Channel.ADMIN, object_type="catalogue.batch").exists()
    assert Client().get(f"/ocop/sp/{entry.public_id}/").status_code == 200

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10)).save(buffer, format="JPEG")
    r = admin_client.post("/admin/catalogue/productphoto/add/", {
        "entry": entry.pk, "caption": "Đồi chè", "position": 0,
        "upload": SimpleUploadedFile("che.jpg", buffer.getvalue(), content_type="image/jpeg")})
    assert r.status_code == 302
    assert ProductPhoto.objects.get(entry=entry).content_type == "image/jpeg"
    r = admin_client.post("/admin/catalogue/productphoto/add/", {
        "entry": entry.pk, "caption": "", "position": 0,
        "upload": SimpleUploadedFile("x.jpg", b"<script>", content_type="image/jpeg")})
    assert r.status_code == 200 and "không phải ảnh" in r.content.decode()
    assert ProductPhoto.objects.filter(entry=entry).count() == 1


def test_a_province_officer_manages_only_the_entries_of_the_province(django_user_model):
    from accounts.models import Profile, Role
    from units.models import Unit

    from .conftest import publish

    entry = publish(certified("Chè Shan tuyết", SAN_THANG))
    users = {}
    for name, code in [("tinh", "12"), ("hg_tinh", "02")]:
        user = django_user_model.objects.create_user(name, password="x", is_staff=True)
        Profile.objects.create(user=user, role=Role.PROVINCE_OFFICER).units.set(Unit.objects.filter(code=code))
        users[name] = Client()
        users[name].force_login(user)
    url = f"/admin/catalogue/publicproduct/{entry.pk}/change/"
    assert users["tinh"].get(url).status_code == 200
    assert "Chè Shan tuyết" in users["tinh"].get("/admin/catalogue/publicproduct/").content.decode()
    assert users["hg_tinh"].get(url).status_code in (302, 404)
    assert "Chè Shan tuyết" not in users["hg_tinh"].get("/admin/catalogue/publicproduct/").content.decode()
    add = users["hg_tinh"].get("/admin/catalogue/publicproduct/add/").content.decode()
    assert "Chè Shan tuyết" not in add  # not among the products to publish
