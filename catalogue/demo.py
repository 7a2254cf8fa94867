"""Demo entries of the public catalogue: the OCOP products the seed documents name.

Seed 000 names four of the city's 44 products (bưởi da xanh, ổi không hạt, hạt and nhân
mắc ca); the other 40 are placeholders and are never published.  The seeds give no
producer, address, phone, GTIN, photo or batch, so none is made up: the pages say what
is known.  Bưởi da xanh and ổi không hạt are grown in phường Quyết Thắng and Quyết Tiến
(seed 000), which both became part of the same new ward on 01/07/2025, so their place
of production is that ward; for mắc ca the seeds name no place (the city is shown).
Idempotent: an existing entry is updated only where it differs.
"""

from __future__ import annotations

from collections.abc import Callable

from audit.models import Channel
from registries.models import OcopProduct
from units.models import Unit, UnitSuccession

from . import actions
from .models import PublicProduct

CITY = "12.105"
QUYET_THANG, QUYET_TIEN = "12.105.03386", "12.105.03388"
NAMED = {
    "Bưởi da xanh": "Trồng tại phường Quyết Thắng, phường Quyết Tiến (trước 01/07/2025)",
    "Ổi không hạt": "Trồng tại phường Quyết Thắng, phường Quyết Tiến (trước 01/07/2025)",
    "Hạt mắc ca": "",
    "Nhân mắc ca": "",
}


def _fruit_ward() -> Unit | None:
    """The one new ward both old wards of the fruit went into, if it is one."""
    successors = set(UnitSuccession.objects.filter(predecessor__code__in=[QUYET_THANG, QUYET_TIEN])
                     .values_list("successor_id", flat=True))
    return Unit.objects.get(pk=successors.pop()) if len(successors) == 1 else None


def load_demo_catalogue(progress: Callable[[str], None] = lambda m: None) -> dict:
    products = {p.name: p for p in OcopProduct.objects.filter(unit__code=CITY, name__in=list(NAMED),
                                                              is_placeholder=False)}
    if not products:
        progress("  Bỏ qua danh mục OCOP công khai: chưa có sản phẩm OCOP mẫu.")
        return {}
    ward = _fruit_ward()
    changed = 0
    for name, detail in NAMED.items():
        product = products.get(name)
        if product is None:
            continue
        entry = PublicProduct.objects.filter(product=product).first() or PublicProduct(product=product)
        data = {"published": True, "place_detail": detail, "place_unit": ward if detail else None}
        changed += actions.do_save_entry(entry, data, user=None, channel=Channel.DEMO,
                                         reason="Dữ liệu mẫu từ văn bản nguồn")[1]
    progress(f"  Danh mục OCOP công khai: {len(products)} sản phẩm công bố, {changed} thay đổi.")
    return {"published": len(products), "changed": changed}
