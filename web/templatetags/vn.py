"""Template filters that show numbers the Vietnamese way, through the one formatter."""

from django import template

from bacthang.lib.numbers import format_number, format_percent, format_quantity

register = template.Library()


@register.filter
def vn_number(value, decimals=3):
    if value is None or value == "":
        return "—"
    return format_number(value, int(decimals))


@register.filter
def vn_quantity(value, measure=""):
    if value is None or value == "":
        return "—"
    return format_quantity(value, measure)


@register.filter
def vn_percent(value, decimals=0):
    if value is None or value == "":
        return "—"
    return format_percent(value, int(decimals))
