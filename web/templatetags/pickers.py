"""{% unit_picker %} and {% period_years %}: the pickers of web/pickers.py in any template,
so a domain app's filter form gets them without importing the web app."""

from django import template

from web.pickers import period_years as _period_years
from web.pickers import unit_tree

register = template.Library()


@register.inclusion_tag("web/_unit_picker.html", takes_context=True)
def unit_picker(context, field_id: str, name: str, label: str, unit=None):
    user = context["request"].user
    return {"field_id": field_id, "name": name, "label": label, "unit": unit, "unit_tree": unit_tree(user, unit)}


@register.simple_tag
def period_years() -> str:
    return _period_years()
