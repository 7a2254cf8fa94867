"""Indicators computed from records (registries, support applications, works,
incidents) rather than from stored values.

An app that keeps records registers a provider for each indicator code it derives,
in its AppConfig.ready():

    from engine.providers import register
    register("OCOP_PRODUCTS", OcopProductsProvider())

The engine asks ``covers(unit, period)`` first: where the unit keeps records in the
system, the provider's value wins and a differing reported value is shown as a
discrepancy; where it keeps none (the province's 183 cooperatives known only as
counts reported by districts), the reported values are rolled up as usual.
"""

from __future__ import annotations

import threading
import weakref
from decimal import Decimal
from typing import Protocol

from periods.models import Period
from units.models import Unit


class Provider(Protocol):
    def covers(self, unit: Unit, period: Period) -> bool:
        """Whether records for ``unit``'s territory are kept in the system."""

    def value(self, unit: Unit, option: str | None, period: Period) -> Decimal | None:
        """The derived value for the unit's subtree (option code None = total)."""

    def describe(self, unit: Unit, option: str | None, period: Period) -> str:
        """One Vietnamese sentence saying which records were counted."""


_PROVIDERS: dict[str, Provider] = {}
_local = threading.local()


def begin_computation(owner=None) -> None:
    """Called by each new Engine: providers that cache their records may check once per
    computation that the cache is current, instead of on every call.  The computation
    ends when ``owner`` (the Engine) is garbage-collected, so calls made afterwards —
    a write's validation, say — check again."""
    _local.computation = getattr(_local, "computation", 0) + 1
    if owner is not None:
        weakref.finalize(owner, _end, _local, _local.computation)


def _end(local, number: int) -> None:
    if getattr(local, "computation", 0) == number:
        local.computation_done = number


def end_computation(**_kwargs) -> None:
    """End this thread's computation now, whatever its engine's lifetime (engines hold
    reference cycles, so their collection — see ``begin_computation`` — may come late or,
    while the collector is paused, much later).  Called when a request starts and before
    a write validates figures, so neither reuses answers memoised for an earlier
    computation, when records may have changed since."""
    _local.computation_done = getattr(_local, "computation", 0)


def computation_id() -> int:
    """The current computation of this thread (0 outside any live Engine)."""
    number = getattr(_local, "computation", 0)
    return 0 if getattr(_local, "computation_done", None) == number else number


def computation_cache() -> dict | None:
    """A dict that lives as long as the current computation (None outside one): providers
    memoise per (unit, period) answers in it."""
    number = computation_id()
    if not number:
        return None
    if getattr(_local, "cache_for", None) != number:
        _local.cache_for, _local.cache = number, {}
    return _local.cache


def register(indicator_code: str, provider: Provider) -> None:
    _PROVIDERS[indicator_code] = provider


def provider_for(indicator_code: str) -> Provider | None:
    return _PROVIDERS.get(indicator_code)


def registered_codes() -> set[str]:
    return set(_PROVIDERS)
