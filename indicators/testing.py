"""Helpers for tests that build their own breakdowns (not used by the product)."""

from __future__ import annotations

from .models import Disaggregation, Option


def make_breakdown(code: str, name: str, options: list[tuple[str, str]]) -> Disaggregation:
    """A plain disaggregation with its options, in the given order."""
    d = Disaggregation.objects.create(code=code, name=name)
    for order, (ocode, oname) in enumerate(options):
        Option.objects.create(disaggregation=d, code=ocode, name=oname, sort_order=order)
    return d
