"""Template helpers of the web pages: chart data for a canvas, signed changes."""

import json

from django import template

from bacthang.lib.numbers import format_number

register = template.Library()


@register.filter
def json_data(value) -> str:
    """JSON for a data-* attribute (the template's autoescaping makes it attribute-safe)."""
    return json.dumps(value, ensure_ascii=False)


@register.filter
def vn_signed(value, decimals=3) -> str:
    """``871.45`` -> ``'+871,45'``; ``-3`` -> ``'−3'``; None -> ``'—'``."""
    if value is None or value == "":
        return "—"
    text = format_number(abs(value), int(decimals))
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text

