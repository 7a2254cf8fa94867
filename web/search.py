"""The search box of every page (``/tim-kiem/``): one endpoint that asks every app.

The registration interface is a convention, so a domain app never imports the web app: an
installed app may have a module ``<app>/search.py`` with

    SEARCH_LABEL = "Sổ đăng ký"     # the heading of its results
    SEARCH_ORDER = 40               # where its results come (lower first)

    def search(user, terms: list[str], limit: int) -> list[dict]:
        # terms: the query's words, folded (no case, no diacritics: ``fold``)
        return [{"label": "Hạt mắc ca", "url": "/so-dang-ky/ocop/3/", "detail": "Sản phẩm OCOP · Xã San Thàng"}]

and answers only what the user may read (``accounts.scope``).  The web app's own sources
(indicators, units) are in this module.  Text is folded with ``web.catalogue.fold`` —
the folding of the catalogue search and of the registries' ``search_text``.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.urls import reverse

from accounts.scope import can_read, home_unit, readable_units

from . import catalogue
from .catalogue import fold

MAX_QUERY = 100
PER_SOURCE = 8
logger = logging.getLogger(__name__)


@dataclass
class Source:
    key: str
    label: str
    order: int
    search: object  # callable(user, terms, limit) -> list[dict]


@dataclass
class Section:
    key: str
    label: str
    hits: list[dict] = field(default_factory=list)
    more: bool = False


def terms_of(query: str) -> list[str]:
    return fold((query or "")[:MAX_QUERY]).split()


# ---------------------------------------------------------------- the web app's sources
def search_indicators(user, terms: list[str], limit: int) -> list[dict]:
    home = home_unit(user)
    hits = []
    for ind in catalogue.search(user, " ".join(terms)):
        unit = catalogue.page_unit(ind, home, lambda u: can_read(user, u))
        url = (reverse("web:indicator", args=[ind.code, unit.code]) if unit is not None
               else f"{reverse('web:catalogue')}?q={ind.code}")
        hits.append({"label": ind.name, "url": url, "detail": f"{ind.code} · {ind.measure}"})
        if len(hits) > limit:
            break
    return hits


def search_units(user, terms: list[str], limit: int) -> list[dict]:
    """Units the user reads whose folded name or code holds every term: the unit's dashboard."""
    hits = []
    for code, name in readable_units(user).order_by("level", "code").values_list("code", "name"):
        hay = f"{folded_name(name)} {code}"
        if all(t in hay for t in terms):
            hits.append({"label": name, "url": reverse("web:dashboard", args=[code]), "detail": code})
            if len(hits) > limit:
                break
    return hits


@lru_cache(maxsize=20000)
def folded_name(name: str) -> str:
    return fold(name)


WEB_SOURCES = [Source("chi-tieu", "Chỉ tiêu", 10, search_indicators),
               Source("don-vi", "Đơn vị hành chính", 20, search_units)]


def sources() -> list[Source]:
    """The web app's sources and every installed app's ``search.py``, in order."""
    found = list(WEB_SOURCES)
    for config in apps.get_app_configs():
        if config.name == "web":
            continue
        try:
            module = importlib.import_module(f"{config.name}.search")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.search":
                raise
            continue
        found.append(Source(config.label, str(module.SEARCH_LABEL), getattr(module, "SEARCH_ORDER", 50),
                            module.search))
    return sorted(found, key=lambda s: s.order)


def search_all(user, query: str, limit: int = PER_SOURCE) -> list[Section]:
    """Every source's hits for ``query`` (at most ``limit`` each), sources without hits left out."""
    terms = terms_of(query)
    if not terms:
        return []
    sections = []
    for source in sources():
        hits = list(source.search(user, terms, limit))
        if hits:
            sections.append(Section(source.key, source.label, hits[:limit], more=len(hits) > limit))
    return sections
