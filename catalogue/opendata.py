"""Open data: the public catalogue as CSV and JSON (one URL each), and GS1 Digital Link URIs.

The files hold exactly the public fields of the pages (``views.card``), one row per
public product, in the list's order; a certification is named by its standard and
sector.  Licence: see the README ("Danh mục OCOP công khai").

GS1 Digital Link: when a GTIN is recorded the product's URI is
``<base>/ocop/01/<GTIN-14>`` (``/10/<lot>`` for a batch), which this site resolves to
the product's (batch's) page; the QR codes keep the permanent ``/ocop/sp/<id>/``.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone

from bacthang.lib.numbers import format_plain

from . import publication, qr
from .models import Batch, PublicProduct

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.vi)"

COLUMNS = [
    ("ma_cong_khai", "public_id"), ("dia_chi", "url"), ("ten_san_pham", "name"), ("hang_sao", "stars"),
    ("khung_diem", "band"), ("nhom_san_pham", "group"), ("phan_nhom", "subgroup"), ("chu_the", "producer"),
    ("loai_chu_the", "producer_kind"), ("dia_chi_chu_the", "producer_address"),
    ("dien_thoai_chu_the", "producer_phone"), ("xa_phuong", "commune"), ("ma_xa_phuong", "commune_code"),
    ("noi_san_xuat", "place"), ("so_quyet_dinh", "decision_no"), ("ngay_quyet_dinh", "decision_date"),
    ("cap_cong_nhan", "decision_level"), ("hieu_luc_den", "valid_until"), ("tinh_trang", "status"),
    ("ngay_thu_hoi", "revoked_on"), ("gtin", "gtin"), ("gs1_digital_link", "digital_link"),
    ("ma_so_vung_trong", "planting_code"), ("chung_nhan", "certifications"),
]


def gtin14(gtin: str) -> str:
    return gtin.zfill(14)


def digital_link(request, entry: PublicProduct, batch: Batch | None = None) -> str:
    if not entry.gtin:
        return ""
    path = reverse("catalogue:digital_link", args=[gtin14(entry.gtin)])
    if batch is not None:
        path = reverse("catalogue:digital_link_lot", args=[gtin14(entry.gtin), quote(batch.lot_code, safe="")])
    return qr.absolute(request, path)


def entry_for_gtin(value: str) -> PublicProduct | None:
    if not value.isascii() or not value.isdigit() or len(value) != 14:
        return None
    candidates = {value} | {value[14 - n:] for n in (8, 12, 13) if value[:14 - n].strip("0") == ""}
    return publication.public_products().filter(gtin__in=candidates).order_by("pk").first()


def rows(request) -> list[dict]:
    from .views import card

    today = timezone.localdate()
    entries = list(publication.public_products().prefetch_related("certifications")
                   .order_by("-product__stars", "product__search_text", "pk"))
    places = publication.Places([publication.place_of(e) for e in entries])
    out = []
    for entry in entries:
        c = card(entry, places, today)
        out.append({
            "public_id": c["public_id"], "url": qr.absolute(request, c["path"]), "name": c["name"],
            "stars": c["stars"], "band": c["band"], "group": c["group"], "subgroup": c["subgroup"],
            "producer": c["producer"]["name"], "producer_kind": c["producer"]["kind"],
            "producer_address": c["producer"]["address"], "producer_phone": c["producer"]["phone"],
            "commune": c["place"].commune.name if c["place"].commune else "",
            "commune_code": c["place"].commune.code if c["place"].commune else "",
            "place": c["place"].label + (f"; {c['place_detail']}" if c["place_detail"] else ""),
            "decision_no": c["decision_no"],
            "decision_date": c["decision_date"].isoformat() if c["decision_date"] else "",
            "decision_level": str(c["decision_level"]),
            "valid_until": c["valid_until"].isoformat() if c["valid_until"] else "",
            "status": str(c["status_label"]),
            "revoked_on": c["revoked_on"].isoformat() if c["revoked_on"] else "",
            "gtin": c["gtin"], "digital_link": digital_link(request, entry),
            "planting_code": c["planting_code"].code if c["planting_code"] else "",
            "certifications": "; ".join(
                cert.get_standard_display() + (f" ({cert.get_sector_display().lower()})" if cert.sector else "")
                for cert in entry.certifications.all()),
        })
    return out


def as_csv(request) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header for header, _ in COLUMNS])
    for row in rows(request):
        writer.writerow([row[key] if row[key] is not None else "" for _, key in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 with diacritics


def as_json(request) -> bytes:
    data = rows(request)
    doc = {
        "ten": "Danh mục sản phẩm OCOP công khai",
        "giay_phep": LICENCE,
        "ngay_xuat": timezone.localdate().isoformat(),
        "so_san_pham": len(data),
        "truong": {header: key for header, key in COLUMNS},
        "san_pham": [{header: row[key] for header, key in COLUMNS} for row in data],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, default=format_plain).encode("utf-8")
