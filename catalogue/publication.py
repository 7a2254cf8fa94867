"""The one rule of what the public sees, and how a public entry reads.

A product is public when all of these hold (``public_products``):

* its catalogue entry has ``published`` set (the producer agreed);
* the registry record is not a placeholder (demo records standing for products the
  source documents only count) — a placeholder is never shown as a real product;
* it has (or had) a certificate: a recognition decision date.  Drafts, proposals and
  products under evaluation or not certified have none and answer 404.

An expired or revoked product stays public with its status shown plainly, so a printed
QR code keeps answering.  Only the fields listed in ``public_fields`` ever leave the
catalogue (pages, files, QR labels); the registry's notes, sources, evaluation history,
the producer's contact details without consent are never read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registries.models import OcopGroup, OcopStatus, OwnerKind
from registries.rules import score_band
from units.models import REFORM_DATE, Level, Unit, UnitSuccession

from .models import Batch, PublicProduct


class PublicStatus:
    VALID = "con-hieu-luc"
    EXPIRED = "het-han"
    REVOKED = "bi-thu-hoi"
    LABELS = {VALID: _("Còn hiệu lực"), EXPIRED: _("Hết hạn"), REVOKED: _("Bị thu hồi")}


def public_products():
    """Every entry the public may see (see the module docstring)."""
    return (PublicProduct.objects.filter(published=True, product__is_placeholder=False,
                                         product__decision_date__isnull=False)
            .select_related("product", "product__unit", "place_unit", "planting_code"))


def public_batches():
    return Batch.objects.filter(published=True, entry__in=public_products()).select_related(
        "entry", "entry__product", "entry__product__unit", "entry__place_unit", "entry__planting_code")


def status_of(entry: PublicProduct, today: dt.date) -> str:
    product = entry.product
    if product.status == OcopStatus.REVOKED:
        return PublicStatus.REVOKED
    if product.valid_until and product.valid_until >= today:
        return PublicStatus.VALID
    return PublicStatus.EXPIRED


def status_filter(value: str, today: dt.date) -> Q | None:
    revoked = Q(product__status=OcopStatus.REVOKED)
    if value == PublicStatus.REVOKED:
        return revoked
    if value == PublicStatus.VALID:
        return ~revoked & Q(product__valid_until__gte=today)
    if value == PublicStatus.EXPIRED:
        return ~revoked & (Q(product__valid_until__lt=today) | Q(product__valid_until__isnull=True))
    return None


# --------------------------------------------------------------------------- places across the reform
def place_of(entry: PublicProduct) -> Unit:
    """Where the product is made: the entry's commune, else the registry record's unit."""
    return entry.place_unit or entry.product.unit


def _is_new(unit: Unit) -> bool:
    return unit.valid_to is None or unit.valid_to >= REFORM_DATE


@dataclass
class Place:
    """A place as the public reads it: the commune of today's structure, and the old names."""

    commune: Unit | None  # a commune of the structure in force (None: not known to commune level)
    unit: Unit  # the unit recorded
    former: list[str]  # names before 01/07/2025 (the recorded old unit, or those merged into the commune)

    @property
    def label(self) -> str:
        if self.commune is None:
            return str(_("%(name)s (đơn vị trước 01/07/2025)") % {"name": self.unit.name})
        if self.former:
            return str(_("%(name)s (trước 01/07/2025: %(old)s)") % {"name": self.commune.name,
                                                                      "old": ", ".join(self.former)})
        return self.commune.name


class Places:
    """The places of many entries in two queries (successors of old units, predecessors of new ones)."""

    def __init__(self, units: list[Unit]):
        units = list({u.pk: u for u in units}.values())
        old = [u for u in units if u.level == Level.COMMUNE and not _is_new(u)]
        self.successor: dict[int, Unit | None] = {}
        found: dict[int, list[Unit]] = {}
        for row in UnitSuccession.objects.filter(predecessor__in=old).select_related("successor"):
            found.setdefault(row.predecessor_id, []).append(row.successor)
        for u in old:
            successors = found.get(u.pk, [])
            self.successor[u.pk] = successors[0] if len(successors) == 1 else None
        new = [u for u in units if u.level == Level.COMMUNE and _is_new(u)]
        self.predecessors: dict[int, list[str]] = {}
        for row in (UnitSuccession.objects.filter(successor__in=new).select_related("predecessor")
                    .order_by("predecessor__name")):
            self.predecessors.setdefault(row.successor_id, []).append(row.predecessor.name)

    def of(self, unit: Unit) -> Place:
        if unit.level == Level.COMMUNE and _is_new(unit):
            return Place(unit, unit, self.predecessors.get(unit.pk, []))
        if unit.level == Level.COMMUNE:
            return Place(self.successor.get(unit.pk), unit, [unit.name])
        return Place(None, unit, [])


def units_of_commune(commune: Unit) -> list[int]:
    """Unit ids whose place is ``commune`` today: itself and the old communes merged wholly into it."""
    ids = [commune.pk]
    preds = list(UnitSuccession.objects.filter(successor=commune).values_list("predecessor_id", flat=True))
    if preds:
        split = set(UnitSuccession.objects.filter(predecessor_id__in=preds).exclude(successor=commune)
                    .values_list("predecessor_id", flat=True))
        ids += [p for p in preds if p not in split]
    return ids


def in_commune(commune: Unit) -> Q:
    ids = units_of_commune(commune)
    return Q(place_unit_id__in=ids) | Q(place_unit__isnull=True, product__unit_id__in=ids)


# --------------------------------------------------------------------------- the public fields
def stars_label(stars: int | None) -> str:
    return str(_("%(n)s sao") % {"n": stars}) if stars else ""


def band_label(stars: int | None) -> str:
    band = score_band(stars) if stars else None
    if band is None:
        return ""
    low, high = band
    if high is None:
        return str(_("từ %(low)s điểm") % {"low": low})
    return str(_("%(low)s–%(high)s điểm") % {"low": low, "high": high})


def group_label(code: str) -> str:
    try:
        return str(OcopGroup(code).label)
    except ValueError:
        return code


def producer_of(entry: PublicProduct) -> dict:
    product = entry.product
    return {
        "name": product.owner_name,
        "kind": "" if product.owner_kind == OwnerKind.OTHER else str(product.get_owner_kind_display()),
        "address": entry.producer_address if entry.show_address else "",
        "phone": entry.producer_phone if entry.show_phone else "",
    }
