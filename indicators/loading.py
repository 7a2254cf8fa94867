"""Upsert the default catalogue (``indicators.catalogue``) into the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from . import catalogue
from .models import Disaggregation, Indicator, Option


@dataclass
class CatalogueSummary:
    disaggregations: int = 0
    options: int = 0
    indicators: int = 0


@transaction.atomic
def load_catalogue() -> CatalogueSummary:
    summary = CatalogueSummary()
    for dcode, (dname, options) in catalogue.DISAGGREGATIONS.items():
        disagg, _ = Disaggregation.objects.update_or_create(code=dcode, defaults={"name": dname})
        summary.disaggregations += 1
        by_code = {}
        for order, entry in enumerate(options):
            ocode, oname = entry[0], entry[1]
            option, _ = Option.objects.update_or_create(
                disaggregation=disagg, code=ocode, defaults={"name": oname, "sort_order": order}
            )
            by_code[ocode] = option
            summary.options += 1
        for entry in options:
            part_of = by_code[entry[2]] if len(entry) > 2 else None
            option = by_code[entry[0]]
            if option.part_of_id != (part_of.pk if part_of else None):
                option.part_of = part_of
                option.save(update_fields=["part_of"])
    disaggs = {d.code: d for d in Disaggregation.objects.all()}
    for order, entry in enumerate(catalogue.INDICATORS):
        fields = dict(entry)
        code = fields.pop("code")
        dcode = fields.pop("disaggregation")
        fields["disaggregation"] = disaggs[dcode] if dcode else None
        fields["sort_order"] = order
        Indicator.objects.update_or_create(code=code, defaults=fields)
        summary.indicators += 1
    for indicator in Indicator.objects.filter(kind="formula"):
        indicator.full_clean()
    return summary
