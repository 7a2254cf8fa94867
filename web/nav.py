"""The main navigation.  Each app registers its entries in its AppConfig.ready(), so
adding a page never means editing the base template:

    from web.nav import register
    register("Sổ đăng ký", "registries:index", order=40)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int
    roles: frozenset[str] | None  # None: every signed-in user

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


_ENTRIES: dict[str, NavEntry] = {}


def register(label: str, url_name: str, order: int = 50, roles=None) -> None:
    _ENTRIES[url_name] = NavEntry(str(label), url_name, order, frozenset(roles) if roles else None)


def entries_for(role: str | None) -> list[NavEntry]:
    return sorted((e for e in _ENTRIES.values() if e.roles is None or role in e.roles), key=lambda e: e.order)
