"""Public pages of the OCOP catalogue (no login): the list, a product, a batch, QR codes,
label sheets, photos, open data and the GS1 Digital Link resolver.

Every view reads entries through ``catalogue.publication`` only, so nothing that is not
public can be reached; each is wrapped by ``catalogue.http.public`` (rate limit,
caching headers, the catalogue's own 404 page).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registries.models import Certification, OcopGroup, fold
from units.models import Unit

from . import opendata, publication, qr
from .http import DATA_MAX_AGE, FILE_MAX_AGE, public
from .models import Batch, ProductPhoto, PublicProduct

PAGE_SIZE = 24
MAX_QUERY = 100


def _entries_with_details():
    return publication.public_products().prefetch_related(
        Prefetch("certifications", queryset=Certification.objects.order_by("standard", "pk")),
        Prefetch("photos", queryset=ProductPhoto.objects.defer("image").order_by("position", "pk")),
        Prefetch("batches", queryset=Batch.objects.filter(published=True)),
    )


def _entry_or_404(public_id: str, queryset=None) -> PublicProduct:
    if not public_id.isascii() or len(public_id) > 16:
        raise Http404
    entry = (queryset if queryset is not None else publication.public_products()).filter(public_id=public_id).first()
    if entry is None:
        raise Http404
    return entry


def _batch_or_404(public_id: str) -> Batch:
    if not public_id.isascii() or len(public_id) > 16:
        raise Http404
    batch = publication.public_batches().filter(public_id=public_id).first()
    if batch is None:
        raise Http404
    return batch


def card(entry: PublicProduct, places: publication.Places, today) -> dict:
    """The public fields of an entry (the same for pages and open data files)."""
    product = entry.product
    status = publication.status_of(entry, today)
    place = places.of(publication.place_of(entry))
    return {
        "entry": entry,
        "public_id": entry.public_id,
        "path": reverse("catalogue:product", args=[entry.public_id]),
        "name": product.name,
        "stars": product.stars,
        "stars_label": publication.stars_label(product.stars),
        "band": publication.band_label(product.stars),
        "score": product.score,
        "group": publication.group_label(product.group),
        "subgroup": product.subgroup,
        "producer": publication.producer_of(entry),
        "place": place,
        "place_detail": entry.place_detail,
        "decision_no": product.decision_no,
        "decision_date": product.decision_date,
        "decision_level": product.get_decision_level_display() if product.decision_level else "",
        "valid_until": product.valid_until,
        "revoked_on": product.revoked_on if status == publication.PublicStatus.REVOKED else None,
        "status": status,
        "status_label": publication.PublicStatus.LABELS[status],
        "gtin": entry.gtin,
        "facility": entry.facility,
        "planting_code": entry.planting_code,
        "description": entry.description,
        "updated_at": max(entry.updated_at, product.updated_at),
    }


# --------------------------------------------------------------------------- list
def _filters(request: HttpRequest) -> dict:
    g = request.GET
    out = {"q": (g.get("q") or "").strip()[:MAX_QUERY], "sao": g.get("sao", ""), "nhom": g.get("nhom", ""),
           "xa": g.get("xa", ""), "chu_the": (g.get("chu-the") or "")[:255], "tinh_trang": g.get("tinh-trang", "")}
    if out["sao"] not in ("3", "4", "5"):
        out["sao"] = ""
    if out["nhom"] not in OcopGroup.values:
        out["nhom"] = ""
    if out["tinh_trang"] not in publication.PublicStatus.LABELS:
        out["tinh_trang"] = ""
    if len(out["xa"]) > 32 or not out["xa"].replace(".", "").isdigit():
        out["xa"] = ""
    return out


@public()
def product_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    f = _filters(request)
    base = publication.public_products()
    qs = base
    if f["q"]:
        # The registries' folded search text (name, owner, subgroup, decision number: all public fields).
        for word in fold(f["q"]).split():
            qs = qs.filter(product__search_text__contains=word)
    if f["sao"]:
        qs = qs.filter(product__stars=int(f["sao"]))
    if f["nhom"]:
        qs = qs.filter(product__group=f["nhom"])
    if f["chu_the"]:
        qs = qs.filter(product__owner_name=f["chu_the"])
    commune = None
    if f["xa"]:
        commune = Unit.objects.filter(code=f["xa"], level=3).first()
        qs = qs.filter(publication.in_commune(commune)) if commune else qs.none()
    status_q = publication.status_filter(f["tinh_trang"], today)
    if status_q is not None:
        qs = qs.filter(status_q)
    # Stars first, then the name without diacritics (the folded search text starts with the name).
    qs = qs.order_by("-product__stars", "product__search_text", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    entries = list(page.object_list)
    # Filter choices from every public entry (not only this page): one query for the places.
    everything = list(base)
    places = publication.Places([publication.place_of(e) for e in everything] + (
        [commune] if commune else []))
    communes = {}
    for e in everything:
        place = places.of(publication.place_of(e))
        if place.commune is not None:
            communes.setdefault(place.commune.code, place.label)
    group_counts = dict(base.values_list("product__group").annotate(n=Count("pk")).values_list("product__group", "n"))
    context = {
        "cards": [card(e, places, today) for e in entries],
        "page": page,
        "filters": f,
        "stars_choices": [("5", _("5 sao")), ("4", _("4 sao")), ("3", _("3 sao"))],
        "group_choices": [(c, label) for c, label in OcopGroup.choices if c in group_counts],
        "commune_choices": sorted(communes.items(), key=lambda kv: fold(kv[1])),
        "producer_choices": sorted({e.product.owner_name for e in everything}, key=fold),
        "status_choices": list(publication.PublicStatus.LABELS.items()),
        "query_without_page": _query_without_page(request),
        "total": page.paginator.count,
    }
    return render(request, "catalogue/list.html", context)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("trang", None)
    return query.urlencode()


# --------------------------------------------------------------------------- product, batch
def _detail_context(request, entry: PublicProduct, batch: Batch | None = None) -> dict:
    today = timezone.localdate()
    places = publication.Places([publication.place_of(entry)])
    c = card(entry, places, today)
    target = reverse("catalogue:batch", args=[batch.public_id]) if batch else c["path"]
    return {
        "c": c,
        "batch": batch,
        "certifications": [{"label": cert.get_standard_display(), "sector": cert.get_sector_display(),
                            "status": cert.status_label_on(today), "valid_until": cert.valid_until,
                            "number": cert.certificate_no, "issuer": cert.issuer}
                           for cert in entry.certifications.all()],
        "planting_status": entry.planting_code.status_label_on(today) if entry.planting_code else "",
        "photos": list(entry.photos.all()),
        "batches": [b for b in entry.batches.all() if b.published] if batch is None else [],
        "qr_url": qr.absolute(request, target),
        "qr_png": (reverse("catalogue:batch_qr_png", args=[batch.public_id]) if batch
                   else reverse("catalogue:product_qr_png", args=[entry.public_id])),
        "qr_svg": (reverse("catalogue:batch_qr_svg", args=[batch.public_id]) if batch
                   else reverse("catalogue:product_qr_svg", args=[entry.public_id])),
        "qr_pdf": (reverse("catalogue:batch_labels", args=[batch.public_id]) if batch
                   else reverse("catalogue:product_labels", args=[entry.public_id])),
        "digital_link": opendata.digital_link(request, entry, batch),
        "today": today,
    }


@public()
def product_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = _entry_or_404(public_id, _entries_with_details())
    return render(request, "catalogue/detail.html", _detail_context(request, entry))


@public()
def batch_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = _batch_or_404(public_id)
    entry = _entry_or_404(batch.entry.public_id, _entries_with_details())
    return render(request, "catalogue/detail.html", _detail_context(request, entry, batch))


# --------------------------------------------------------------------------- QR codes and labels
def _product_target(request, public_id: str) -> tuple[PublicProduct, str]:
    entry = _entry_or_404(public_id)
    return entry, qr.absolute(request, reverse("catalogue:product", args=[entry.public_id]))


def _batch_target(request, public_id: str) -> tuple[Batch, str]:
    batch = _batch_or_404(public_id)
    return batch, qr.absolute(request, reverse("catalogue:batch", args=[batch.public_id]))


def _file(content: bytes, content_type: str, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public(FILE_MAX_AGE)
def product_qr_png(request, public_id: str):
    entry, url = _product_target(request, public_id)
    return _file(qr.png(url), "image/png", f"ocop-{entry.public_id}.png")


@public(FILE_MAX_AGE)
def product_qr_svg(request, public_id: str):
    entry, url = _product_target(request, public_id)
    return _file(qr.svg(url, entry.product.name), "image/svg+xml", f"ocop-{entry.public_id}.svg")


@public(FILE_MAX_AGE)
def batch_qr_png(request, public_id: str):
    batch, url = _batch_target(request, public_id)
    return _file(qr.png(url), "image/png", f"ocop-lo-{batch.public_id}.png")


@public(FILE_MAX_AGE)
def batch_qr_svg(request, public_id: str):
    batch, url = _batch_target(request, public_id)
    return _file(qr.svg(url, f"{batch.entry.product.name} — {batch.lot_code}"), "image/svg+xml",
                 f"ocop-lo-{batch.public_id}.svg")


def _label_lines(entry: PublicProduct) -> list[str]:
    product = entry.product
    stars = publication.stars_label(product.stars)
    return [product.name, _("Sản phẩm OCOP %(stars)s") % {"stars": stars}, product.owner_name]


@public(FILE_MAX_AGE)
def product_labels(request, public_id: str):
    entry, url = _product_target(request, public_id)
    pdf = qr.label_sheet(url, _label_lines(entry), _("Mã truy xuất: %(id)s") % {"id": entry.public_id},
                         _("Nhãn QR — %(name)s") % {"name": entry.product.name})
    return _file(pdf, "application/pdf", f"nhan-qr-ocop-{entry.public_id}.pdf")


@public(FILE_MAX_AGE)
def batch_labels(request, public_id: str):
    batch, url = _batch_target(request, public_id)
    lines = _label_lines(batch.entry) + [_("Lô %(lot)s") % {"lot": batch.lot_code}
                                         + (f" · NSX {batch.produced_on:%d/%m/%Y}" if batch.produced_on else "")
                                         + (f" · HSD {batch.best_before:%d/%m/%Y}" if batch.best_before else "")]
    pdf = qr.label_sheet(url, lines, _("Mã truy xuất: %(id)s") % {"id": batch.public_id},
                         _("Nhãn QR — %(name)s, lô %(lot)s") % {"name": batch.entry.product.name,
                                                               "lot": batch.lot_code})
    return _file(pdf, "application/pdf", f"nhan-qr-ocop-lo-{batch.public_id}.pdf")


@public(FILE_MAX_AGE)
def photo(request, public_id: str, photo_id: int):
    entry = _entry_or_404(public_id)
    item = ProductPhoto.objects.filter(pk=photo_id, entry=entry).first()
    if item is None:
        raise Http404
    ext = "png" if item.content_type == "image/png" else "jpg"
    return _file(bytes(item.image), item.content_type, f"ocop-{entry.public_id}-{item.pk}.{ext}")


# --------------------------------------------------------------------------- open data, GS1 Digital Link
@public(DATA_MAX_AGE)
def open_data_csv(request):
    return _file(opendata.as_csv(request), "text/csv; charset=utf-8", "san-pham-ocop.csv", inline=False)


@public(DATA_MAX_AGE)
def open_data_json(request):
    return _file(opendata.as_json(request), "application/json", "san-pham-ocop.json")


@public()
def digital_link(request, gtin: str, lot: str | None = None):
    """GS1 Digital Link: ``/ocop/01/<GTIN-14>[/10/<lot>]`` → the product's (or batch's) page."""
    entry = opendata.entry_for_gtin(gtin)
    if entry is None:
        raise Http404
    if lot is not None:
        batch = publication.public_batches().filter(entry=entry, lot_code=lot).first()
        if batch is None:
            raise Http404
        return redirect("catalogue:batch", batch.public_id)
    return redirect("catalogue:product", entry.public_id)
