"""Registry records in the search box of every page (web/search.py): every record the user
reads whose folded ``search_text`` holds every term (the registry list's own search)."""

from django.urls import reverse

from accounts.scope import readable_units

from .specs import SPECS

SEARCH_LABEL = "Sổ đăng ký"
SEARCH_ORDER = 40


def search(user, terms: list[str], limit: int) -> list[dict]:
    units = readable_units(user)
    hits = []
    for spec in SPECS.values():
        qs = spec.model.objects.filter(unit__in=units).select_related("unit")
        for word in terms:
            qs = qs.filter(search_text__contains=word)
        for obj in qs.order_by("pk")[: limit + 1 - len(hits)]:
            hits.append({"label": str(obj), "url": reverse("registries:detail", args=[spec.slug, obj.pk]),
                         "detail": f"{spec.one} · {obj.unit.name}"})
        if len(hits) > limit:
            break
    return hits
