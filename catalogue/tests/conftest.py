"""Fixtures of the catalogue tests: the demo's OCOP products and public entries, and
records that are *not* public (a draft, a product under evaluation, an unpublished one,
a placeholder) with private values to look for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from audit.models import Channel
from catalogue import actions as cat_actions
from catalogue.demo import load_demo_catalogue
from catalogue.models import Batch, PublicProduct
from registries import actions
from registries.demo import load_demo_registries
from registries.models import OcopProduct, OwnerKind
from units.models import Unit

SAN_THANG, TAN_PHONG = "12.105.03409", "12.03408"
PRIVATE_PHONE, PRIVATE_ADDRESS = "0912 345 678", "Số 7 ngõ Bí Mật, bản Nà Khum"
PUBLIC_PHONE = "0213 3876 543"
DRAFT_NAME, EVALUATED_NAME = "Chè Shan tuyết nháp", "Miến dong chờ đánh giá"
UNPUBLISHED_NAME = "Gạo tẻ râu chưa công bố"
INTERNAL_NOTE = "Ghi chú nội bộ: chủ hộ nợ thuế"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def certified(name: str, unit_code: str, *, stars: int = 4, score=None, decision_date=dt.date(2025, 9, 10),
              owner: str = "HTX Chè Tân Phong", note: str = "") -> OcopProduct:
    product = actions.do_create(OcopProduct, {"unit": unit(unit_code), "name": name, "owner_name": owner,
                                              "owner_kind": OwnerKind.OTHER, "note": note}, channel=Channel.SYSTEM)
    actions.do_record_ocop_certificate(product, decision_date=decision_date, stars=stars, score=score,
                                       decision_no="1234/QĐ-UBND", channel=Channel.SYSTEM)
    return OcopProduct.objects.get(pk=product.pk)


def publish(product: OcopProduct, **data) -> PublicProduct:
    entry = PublicProduct(product=product)
    return cat_actions.do_save_entry(entry, {"published": True, **data}, channel=Channel.SYSTEM)[0]


@pytest.fixture
def demo_catalogue(db):
    load_demo_registries()
    load_demo_catalogue()
    return {e.product.name: e for e in PublicProduct.objects.select_related("product")}


@pytest.fixture
def world(demo_catalogue):
    return add_world(demo_catalogue)


@pytest.fixture
def full_world(db, settings):
    """The whole demo (support recipients, farms …) with the additions of ``add_world``."""
    from demo.loading import load_demo

    settings.DEBUG = True
    load_demo(["12"])
    return add_world({e.product.name: e for e in PublicProduct.objects.select_related("product")})


def add_world(demo_entries: dict) -> dict:
    """The demo entries, plus: a certified product with consent for its phone only; a revoked one;
    and a draft, a product under evaluation and an unpublished certified one, all with entries."""
    tea = certified("Chè Shan tuyết Tân Phong", SAN_THANG, stars=4, score=78, note=INTERNAL_NOTE)
    tea_entry = publish(tea, producer_phone=PUBLIC_PHONE, show_phone=True, producer_address=PRIVATE_ADDRESS,
                        show_address=False, gtin="8930000000019")
    cat_actions.do_save_batch(Batch(entry=tea_entry), {"lot_code": "L2026-01", "produced_on": dt.date(2026, 3, 1),
                                                       "best_before": dt.date(2027, 3, 1)}, channel=Channel.SYSTEM)
    honey = certified("Mật ong bạc hà thu hồi", TAN_PHONG, stars=3, owner="HTX Ong Tân Phong")
    actions.do_revoke(honey, dt.date(2026, 5, 1), "Vi phạm an toàn thực phẩm", channel=Channel.SYSTEM)
    honey_entry = publish(OcopProduct.objects.get(pk=honey.pk))
    draft = actions.do_create(OcopProduct, {"unit": unit(SAN_THANG), "name": DRAFT_NAME, "owner_name": "Hộ Lò Văn Nháp",
                                            "owner_kind": OwnerKind.HOUSEHOLD}, channel=Channel.SYSTEM)
    evaluated = actions.do_create(OcopProduct, {"unit": unit(SAN_THANG), "name": EVALUATED_NAME,
                                                "owner_name": "Hộ Tẩn Thị Đợi", "owner_kind": OwnerKind.HOUSEHOLD},
                                  channel=Channel.SYSTEM)
    actions.do_propose_ocop(evaluated, proposed_on=dt.date(2026, 2, 1), proposer=unit(TAN_PHONG),
                            channel=Channel.SYSTEM)
    unpublished = certified(UNPUBLISHED_NAME, SAN_THANG, stars=3, owner="Hộ Vàng Văn Kín")
    hidden = {
        "draft": publish(draft, producer_phone=PRIVATE_PHONE, show_phone=True),
        "evaluated": publish(OcopProduct.objects.get(pk=evaluated.pk)),
        "unpublished": cat_actions.do_save_entry(PublicProduct(product=unpublished), {"published": False},
                                                 channel=Channel.SYSTEM)[0],
        "placeholder": cat_actions.do_save_entry(
            PublicProduct(product=OcopProduct.objects.filter(is_placeholder=True).order_by("pk").first()),
            {"published": True}, channel=Channel.SYSTEM)[0],
    }
    return {"tea": tea_entry, "honey": honey_entry, "hidden": hidden, **demo_entries}
