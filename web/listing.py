"""One helper for the sorted, paginated lists that are not record registers (audit trail,
completeness, validation, indicator catalogue …): ``?sap-xep=<key>`` (``-<key>`` for
descending) and ``?trang=<n>``, keeping every other filter of the query string.

    listing = sort_and_page(request, qs_or_list, {"at": ("Thời điểm", "at"), "user": ("Người", "username")},
                            default="-at", per_page=50)
    {% include "web/_sort_headers.html" with listing=listing %}   … rows of listing.items …
    {% include "web/_pagination.html" with listing=listing %}

A sort key is a model field path (querysets: ``order_by``) or a callable of an item (lists);
items without a value sort last whatever the direction.  A key that is not a column is
ignored (the default order applies), a page past the end shows the last page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

SORT, PAGE = "sap-xep", "trang"


@dataclass
class Header:
    key: str
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none"
    sortable: bool = True


@dataclass
class Listing:
    page: Page
    headers: list[Header]
    sort: str
    query: str  # the query string without the page, for page links

    @property
    def items(self):
        return self.page.object_list

    def page_url(self, number: int) -> str:
        return f"?{self.query}&{PAGE}={number}" if self.query else f"?{PAGE}={number}"

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None


def _ordered(items, how: str | Callable, descending: bool):
    if isinstance(items, QuerySet):
        if callable(how):
            raise TypeError("a queryset sorts by field paths")
        expr = F(how).desc(nulls_last=True) if descending else F(how).asc(nulls_last=True)
        return items.order_by(expr, "-pk" if descending else "pk")
    key = how if callable(how) else (lambda item: getattr(item, how))
    present = [i for i in items if key(i) is not None]
    missing = [i for i in items if key(i) is None]
    return sorted(present, key=key, reverse=descending) + missing


def sort_and_page(request, items, columns: dict[str, tuple[str, str | Callable | None]], default: str = "",
                  per_page: int = 50) -> Listing:
    """``columns``: key → (label, sort field or callable; None: not sortable), in display order."""
    asked = (request.GET.get(SORT) or "").strip()
    key = asked.lstrip("-")
    if key not in columns or columns[key][1] is None:
        asked, key = default, default.lstrip("-")
    descending = asked.startswith("-")
    if key:
        items = _ordered(items, columns[key][1], descending)
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE))
    base = request.GET.copy()
    base.pop(PAGE, None)
    headers = []
    for k, (label, how) in columns.items():
        if how is None:
            headers.append(Header(k, label, "", "none", sortable=False))
            continue
        q = base.copy()
        q[SORT] = f"-{k}" if k == key and not descending else k
        state = ("descending" if descending else "ascending") if k == key else "none"
        headers.append(Header(k, label, f"?{q.urlencode()}", state))
    return Listing(page, headers, asked, base.urlencode())
