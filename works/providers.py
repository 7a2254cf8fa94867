"""WORKS_LENGTH (km) and WORKS_COUNT (công trình), by WORK_TYPE, from the works
completed in the period (their completion date, or its span, inside the period).
``covers`` follows ``records.providers`` (register ``works``).  A completed work with
no recorded length, or a summary record with an unknown number of works, makes the
figure unknown rather than undercounted (works measured by capacity, such as water
supply, add nothing to the km).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from bacthang.lib.numbers import format_number
from periods.models import Period
from records.providers import RecordProvider, Source
from records.spans import span_inside, span_straddles
from records.territory import Territory

from .models import Register, Work, WorkStatus, WorkType

COMPLETED = ("completed_from", "completed_on")
LINEAR = {WorkType.CANAL, WorkType.ROAD, WorkType.TEA_ROAD}


class WorksProvider(RecordProvider):
    register = Register.WORKS

    def __init__(self, field: str):
        self.field = field  # "length_km" or "works_count"

    def sources(self) -> list[Source]:
        return [Source(Work, COMPLETED, base=Q(status=WorkStatus.COMPLETED), places="communes")]

    def compute(self, terr: Territory, option: str | None, period: Period):
        works = Work.objects.filter(terr.q(), status=WorkStatus.COMPLETED)
        if option:
            works = works.filter(work_type=option)
        unplaced = works.filter(span_straddles(COMPLETED, period)).count()
        if unplaced:
            return None, (f"Không tách được số liệu kỳ {period.code}: {format_number(unplaced)} công trình chỉ biết "
                          "hoàn thành trong một khoảng thời gian rộng hơn kỳ này.")
        rows = list(works.filter(span_inside(COMPLETED, period)).values_list("work_type", self.field))
        # Works measured by capacity (water supply …) have no length: they add nothing to the km.
        inside = [v for t, v in rows if not (v is None and self.field == "length_km" and t not in LINEAR)]
        if any(v is None for v in inside):
            what = "chiều dài" if self.field == "length_km" else "số công trình"
            return None, f"Có công trình hoàn thành trong kỳ {period.code} chưa ghi {what}."
        total = sum((Decimal(v) for v in inside), Decimal(0))
        return total, f"Cộng {format_number(len(rows))} bản ghi công trình hoàn thành trong kỳ {period.code}."


PROVIDERS = {
    "WORKS_LENGTH": WorksProvider("length_km"),
    "WORKS_COUNT": WorksProvider("works_count"),
}
