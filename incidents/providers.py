"""Indicators derived from incident records; ``covers`` follows ``records.providers``.

=============================  =================  =============================================
indicator                      option             counted (records dated inside the period)
=============================  =================  =============================================
DISEASE_OUTBREAKS (hộ)         DISEASE            households with the disease, per outbreak
ANIMALS_CULLED (con)           CULL_SPECIES       animals culled
ANIMALS_CULLED_WEIGHT (kg)     CULL_SPECIES       weight culled (outbreaks with culls)
FOREST_VIOLATIONS (vụ)         VIOLATION_TYPE     violations detected
FOREST_DAMAGED_AREA (ha)       VIOLATION_TYPE     forest area damaged
VACCINATION_UNITS_COMPLETED    —                  target units that completed the last campaign
                                                  whose season lies inside the period
=============================  =================  =============================================

A counted record whose figure is not known (an outbreak whose number of households
the document does not give) makes the figure unknown rather than undercounted.
Outbreaks are registered under ``animal_health``, campaigns under ``vaccination``,
violations under ``forest``.
"""

from __future__ import annotations

from decimal import Decimal

from bacthang.lib.numbers import format_number
from periods.models import Period
from records.providers import RecordProvider, Source
from records.spans import span_inside, span_straddles
from records.territory import Territory

from .models import ForestViolation, Outbreak, Register, VaccinationProgress

STARTED = ("started_from", "started_on")
DETECTED = ("detected_from", "detected_on")
SEASON = ("campaign__season__start", "campaign__season__end")


def _unplaced(period: Period, n: int, noun: str) -> tuple[None, str]:
    return None, (f"Không tách được số liệu kỳ {period.code}: {format_number(n)} {noun} chỉ biết trong một khoảng "
                  "thời gian rộng hơn kỳ này.")


class OutbreakProvider(RecordProvider):
    register = Register.ANIMAL_HEALTH

    def __init__(self, field: str, option_field: str):
        self.field, self.option_field = field, option_field

    def sources(self) -> list[Source]:
        return [Source(Outbreak, STARTED, places="places")]

    def compute(self, terr: Territory, option: str | None, period: Period):
        qs = Outbreak.objects.filter(terr.q())
        if option:
            qs = qs.filter(**{self.option_field: option})
        n = qs.filter(span_straddles(STARTED, period)).count()
        if n:
            return _unplaced(period, n, "ổ dịch")
        rows = list(qs.filter(span_inside(STARTED, period)).values_list(self.field, "animals_culled"))
        if self.field == "culled_kg":  # an outbreak without culls has no weight to give
            rows = [r for r in rows if r[1] != 0]
        if any(v is None for v, _c in rows):
            return None, (f"Có ổ dịch trong kỳ {period.code} văn bản hoặc người nhập chưa ghi "
                          f"{Outbreak._meta.get_field(self.field).verbose_name}.")
        total = sum((Decimal(v) for v, _c in rows), Decimal(0))
        return total, f"Cộng {format_number(len(rows))} ổ dịch phát hiện trong kỳ {period.code}."


class ViolationProvider(RecordProvider):
    register = Register.FOREST

    def __init__(self, field: str | None):
        self.field = field  # None: count

    def sources(self) -> list[Source]:
        return [Source(ForestViolation, DETECTED)]

    def compute(self, terr: Territory, option: str | None, period: Period):
        qs = ForestViolation.objects.filter(terr.q())
        if option:
            qs = qs.filter(violation_type=option)
        n = qs.filter(span_straddles(DETECTED, period)).count()
        if n:
            return _unplaced(period, n, "vụ vi phạm")
        inside = qs.filter(span_inside(DETECTED, period))
        count = inside.count()
        if self.field is None:
            return Decimal(count), f"Đếm {format_number(count)} vụ vi phạm phát hiện trong kỳ {period.code}."
        total = sum(inside.values_list(self.field, flat=True), Decimal(0))
        return total, f"Cộng diện tích thiệt hại của {format_number(count)} vụ vi phạm trong kỳ {period.code}."


class VaccinationProvider(RecordProvider):
    register = Register.VACCINATION

    def sources(self) -> list[Source]:
        return [Source(VaccinationProgress, SEASON)]

    def compute(self, terr: Territory, option: str | None, period: Period):
        targets = VaccinationProgress.objects.filter(terr.q()).filter(span_inside(SEASON, period))
        last = targets.order_by("-campaign__season__end", "-campaign_id").values_list("campaign_id", flat=True).first()
        if last is None:
            return Decimal(0), f"Không có đợt tiêm phòng nào trong kỳ {period.code}."
        mine = targets.filter(campaign_id=last)
        done, total = mine.filter(completed=True).count(), mine.count()
        return Decimal(done), f"{format_number(done)}/{format_number(total)} đơn vị đã hoàn thành đợt tiêm phòng."


PROVIDERS = {
    "DISEASE_OUTBREAKS": OutbreakProvider("households", "disease"),
    "ANIMALS_CULLED": OutbreakProvider("animals_culled", "species"),
    "ANIMALS_CULLED_WEIGHT": OutbreakProvider("culled_kg", "species"),
    "FOREST_VIOLATIONS": ViolationProvider(None),
    "FOREST_DAMAGED_AREA": ViolationProvider("damaged_area_ha"),
    "VACCINATION_UNITS_COMPLETED": VaccinationProvider(),
}


