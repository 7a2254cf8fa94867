"""What the demo loaders of the record apps share (``demo.hooks`` runs them)."""

from __future__ import annotations

import datetime as dt

from audit.models import Channel
from datavalues.models import DataValue
from programmes.models import Target
from units.models import Unit

from .actions import do_declare_coverage
from .models import Coverage
from .registers import register_label
from .territory import territory


def declare_scope_for_demo(register: str, unit_code: str, kept_from: dt.date, indicator_codes: list[str],
                           note: str, progress, kept_to: dt.date | None = None) -> Coverage:
    """Declare that the demo keeps every record of ``register`` for the unit.  Figures of the
    register's indicators that the seed values (``demo/data/seed_map.csv``) store there stay
    stored: the engine now counts the records and shows a stored figure that differs as a
    discrepancy (an unchanged stored figure is accepted again by the next ``load_demo``)."""
    unit = Unit.objects.get(code=unit_code)
    stored = set()
    for model in (DataValue, Target):
        stored |= set(model.objects.filter(territory(unit).q(), indicator__code__in=indicator_codes,
                                           period__start__gte=kept_from)
                      .values_list("indicator__code", flat=True).distinct())
    if stored:
        progress(f"  {unit.name}: {', '.join(sorted(stored))} từ nay tính từ hồ sơ «{register_label(register)}»; "
                 "số liệu báo cáo đã lưu chỉ còn để đối chiếu.")
    return do_declare_coverage(user=None, channel=Channel.DEMO, register=register, unit=unit, since=kept_from,
                               until=kept_to, note=note)
