"""The crawl: every link shown to a demo user answers without a client or server error.

For every demo role, the test client starts from the role's home page and every URL of
the authorization matrix (``accounts/tests/test_authorization_matrix.py``), then follows
the same-site links of each HTML page breadth-first (a cap per route and per role keeps it
finite).  A link shown to the user that answers 4xx or 5xx is a failure: a page must only
show links the user may follow.  The matrix's own URLs are only starting points — a user
may be refused there (that is the matrix's business); links found on pages may not fail.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, path, resolve, reverse

from accounts.tests import test_authorization_matrix as matrix
from accounts.tests.test_authorization_matrix import QUERY_ROUTES, _kwargs_for, product_routes
from bacthang import urls as root_urls

pytestmark = pytest.mark.django_db

world = matrix.world  # the demo data and accounts of the matrix (a fixture)

DEMO_ROLES = ("admin", "tinh", "thanhpho", "santhang", "lanhdao")
# Pages fetched per role, and per route name and role (list pages have many query variants);
# CRAWL_PAGE_CAP=3000 CRAWL_PER_ROUTE_CAP=60 crawls deeper.
PAGE_CAP = int(os.environ.get("CRAWL_PAGE_CAP", 700))
PER_ROUTE_CAP = int(os.environ.get("CRAWL_PER_ROUTE_CAP", 12))
# Not followed: signing out, the admin site (Django's own pages), static files, the API's
# machine endpoints (JSON for programs; the API answers 4xx to bad parameters by design).
SKIP_PREFIXES = ("/dang-xuat/", "/admin/", "/static/", "/media/")
SKIP_NAMES = {"web:logout"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str, base: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin("http://testserver" + base, href))[0]
        parts = urlsplit(url)
        if parts.netloc != "testserver":
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def route_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def matrix_urls() -> list[str]:
    urls = []
    for route, name in product_routes():
        if name in SKIP_NAMES:
            continue
        made = _kwargs_for(name, route)
        if made is None:
            continue
        kwargs = made[0]
        url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
        if name in QUERY_ROUTES:
            from urllib.parse import urlencode

            url = f"{url}?{urlencode(QUERY_ROUTES[name][0])}"
        urls.append(url)
    return urls


def skipped(path: str) -> bool:
    return path.startswith(SKIP_PREFIXES) or route_name(path) in SKIP_NAMES


def crawl(client: Client, starts: list[str]) -> tuple[list[str], int]:
    """Breadth-first from ``starts``; returns the failures of links found on pages and the
    number of pages fetched."""
    failures: list[str] = []
    seen: set[str] = set()
    per_route: Counter = Counter()
    queue: deque[tuple[str, str | None]] = deque((u, None) for u in ["/", *starts])
    fetched = 0
    while queue and fetched < PAGE_CAP:
        url, found_on = queue.popleft()
        if url in seen or skipped(url):
            continue
        seen.add(url)
        name = route_name(url) or "?"
        if found_on is not None and per_route[name] >= PER_ROUTE_CAP:
            continue
        per_route[name] += 1
        response = client.get(url)
        fetched += 1
        if found_on is not None and response.status_code >= 400:
            failures.append(f"{url} → {response.status_code} (link on {found_on})")
            continue
        if response.status_code in (301, 302):
            target = response.headers.get("Location", "")
            if target and urlsplit(target).netloc in ("", "testserver"):
                queue.append((urlsplit(target).path + (f"?{urlsplit(target).query}" if urlsplit(target).query
                                                       else ""), found_on or url))
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode("utf-8", "replace")
        for link in links_of(html, url):
            if link not in seen:
                queue.append((link, url))
    return failures, fetched


def test_every_link_shown_to_every_demo_role_answers_without_error(world, settings):
    settings.DEBUG = False  # as in production: an error is the site's page, not Django's debug page
    starts = matrix_urls()
    report = []
    for username in DEMO_ROLES:
        client = Client()
        client.force_login(world[username])
        failures, fetched = crawl(client, starts)
        assert fetched > 50, f"{username}: only {fetched} pages reached"
        report += [f"{username}: {f}" for f in failures]
    assert report == [], "\n".join(report)


def page_with_a_broken_link(request):
    return HttpResponse('<a href="/khong-co-trang-nay/">x</a> <a href="/tong-quan/">y</a>')


urlpatterns = [path("trang-thu/", page_with_a_broken_link), *root_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_the_crawler_reports_a_link_that_answers_404(world):
    """The crawl can fail: a page showing a link that answers 404 is reported, a start URL
    that is refused is not (that is the authorization matrix's business)."""
    client = Client()
    client.force_login(world["tinh"])
    failures, fetched = crawl(client, ["/trang-thu/", "/khong-co-trang-khac/"])
    assert failures == ["/khong-co-trang-nay/ → 404 (link on /trang-thu/)"]
    assert fetched > 3
