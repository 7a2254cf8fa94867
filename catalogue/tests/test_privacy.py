"""Nothing that is not public leaves the catalogue: every public URL and file, reached by
following links from /ocop/, is searched for the demo's private values."""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.test import Client

from registries.models import Farm, LivestockFacility, OcopEvaluation, OcopProduct
from support.models import Beneficiary

from .conftest import INTERNAL_NOTE, PRIVATE_ADDRESS, PRIVATE_PHONE

pytestmark = pytest.mark.django_db

TEXT_TYPES = ("text/html", "text/csv", "application/json", "image/svg+xml")


def private_values(world) -> set[str]:
    public_products = {e.product_id for key, e in world.items() if key not in ("hidden",)}
    values = {PRIVATE_PHONE, PRIVATE_ADDRESS, INTERNAL_NOTE, "Vi phạm an toàn thực phẩm"}
    values |= set(Beneficiary.objects.values_list("name", flat=True))  # household names of support recipients
    values |= set(Farm.objects.values_list("owner", flat=True))
    values |= set(LivestockFacility.objects.values_list("owner", flat=True))
    for product in OcopProduct.objects.all():
        values |= {text[:60] for text in (product.note, product.source) if text}
        if product.pk not in public_products:
            values |= {product.name, product.owner_name}
    values |= {e.note[:60] for e in OcopEvaluation.objects.exclude(note="")}
    values.discard("")
    # The demo's owner of every product is "not known": a shared phrase, public on the pages.
    values.discard("Chưa rõ chủ thể (văn bản nguồn không nêu)")
    return values


def crawl(client: Client, start: list[str]) -> dict[str, tuple[str, bytes]]:
    seen: dict[str, tuple[str, bytes]] = {}
    queue = deque(start)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        r = client.get(url)
        assert r.status_code in (200, 302), f"{url} → {r.status_code}"
        if r.status_code == 302:
            queue.append(r["Location"])
            seen[url] = ("redirect", b"")
            continue
        seen[url] = (r["Content-Type"], r.content)
        if r["Content-Type"].startswith("text/html"):
            for link in re.findall(r'(?:href|src)="([^"]+)"', r.content.decode()):
                link = link.replace("&amp;", "&")
                if link.startswith("/ocop/") or link.startswith("?"):
                    queue.append(("/ocop/" + link) if link.startswith("?") else link)
    return seen


def test_no_public_page_or_file_holds_a_private_value(full_world, settings):
    settings.CATALOGUE_RATE_LIMIT = 100000
    client = Client()
    pages = crawl(client, ["/ocop/", "/ocop/?q=a", "/ocop/?tinh-trang=bi-thu-hoi"])
    kinds = {ct.split(";")[0] for ct, _ in pages.values()}
    assert {"text/html", "text/csv", "application/json", "image/png", "image/svg+xml", "application/pdf"} <= kinds
    tea, honey = full_world["tea"], full_world["honey"]
    assert f"/ocop/sp/{tea.public_id}/" in pages and f"/ocop/sp/{honey.public_id}/" in pages
    assert any(url.startswith("/ocop/lo/") for url in pages)
    private = private_values(full_world)
    assert len(private) > 20  # the demo's support recipients, farm owners, notes, sources …
    leaks = []
    for url, (content_type, body) in pages.items():
        if not content_type.startswith(TEXT_TYPES):
            continue
        text = body.decode("utf-8")
        leaks += [f"{url}: {value!r}" for value in private if value in text]
    assert leaks == []
