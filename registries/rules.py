"""Plain rules of the registries: dates, OCOP stars and the OCOP workflow in force.

Everything here is data plus small pure functions, so the models, the actions, the
importer and the tests read the same rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from units.models import Level

# An OCOP certificate is valid for 36 months from the date of the recognition decision.
OCOP_VALIDITY_MONTHS = 36

# Stars only from 3 up are a recognised OCOP product; 1–2 stars are "not certified".
CERTIFIED_STARS = (3, 4, 5)

# Score bands of the OCOP ranking (100-point scale): 5★ 90–100, 4★ 70–89, 3★ 50–69,
# 2★ 30–49, 1★ below 30.
_STAR_BANDS = ((Decimal(90), 5), (Decimal(70), 4), (Decimal(50), 3), (Decimal(30), 2), (Decimal(0), 1))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the last day of the month when it has no such day.

    Civil Code 2015, art. 147–148: a term counted in months starts the day after the
    event and ends at the end of the corresponding day of the last month (the last day
    of that month if it has no such day).  A certificate signed on 10/07/2023 for 36
    months is therefore valid to the end of 10/07/2026.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def ocop_valid_until(decision_date: dt.date) -> dt.date:
    """The last day on which an OCOP certificate of ``decision_date`` is valid."""
    return add_months(decision_date, OCOP_VALIDITY_MONTHS)


def stars_for_score(score: Decimal | int | float) -> int:
    score = Decimal(str(score))
    for floor, stars in _STAR_BANDS:
        if score >= floor:
            return stars
    return 1


# --------------------------------------------------------------------------- workflow
PROVINCE_LEVEL = "tinh"
CENTRAL_LEVEL = "trung_uong"


@dataclass(frozen=True)
class OcopWorkflow:
    """Who proposes a product for OCOP ranking and who evaluates it, for a span of dates."""

    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    proposer_level: int  # units.models.Level of the unit that proposes
    evaluator: str  # level that evaluates and recognises 3–4 stars
    label: str
    steps: tuple[str, ...]

    def applies_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def proposer_label(self) -> str:
        return Level(self.proposer_level).label

    @staticmethod
    def decision_level_for(stars: int | None) -> str:
        """3–4 stars are recognised by the province, 5 stars at central level."""
        return CENTRAL_LEVEL if stars == 5 else PROVINCE_LEVEL


COMMUNE_PROPOSES_FROM = dt.date(2025, 7, 6)

OCOP_WORKFLOWS: tuple[OcopWorkflow, ...] = (
    OcopWorkflow(
        code="huyen_de_xuat",
        valid_from=None,
        valid_to=COMMUNE_PROPOSES_FROM - dt.timedelta(days=1),
        proposer_level=Level.DISTRICT,
        evaluator=PROVINCE_LEVEL,
        label="Cấp huyện đánh giá sơ bộ, đề xuất; cấp tỉnh đánh giá, phân hạng và công nhận",
        steps=(
            "Chủ thể đăng ký, hoàn thiện hồ sơ sản phẩm",
            "Hội đồng cấp huyện đánh giá sơ bộ, UBND cấp huyện đề xuất lên tỉnh",
            "Hội đồng cấp tỉnh đánh giá, phân hạng; UBND tỉnh quyết định công nhận 3–4 sao",
            "Sản phẩm đạt 5 sao do tỉnh đề nghị, Trung ương đánh giá và công nhận",
        ),
    ),
    OcopWorkflow(
        code="xa_de_xuat",
        valid_from=COMMUNE_PROPOSES_FROM,
        valid_to=None,
        proposer_level=Level.COMMUNE,
        evaluator=PROVINCE_LEVEL,
        label="Cấp xã tiếp nhận, đề xuất; cấp tỉnh đánh giá, phân hạng và công nhận (chính quyền địa phương "
              "hai cấp, không còn cấp huyện)",
        steps=(
            "Chủ thể đăng ký, hoàn thiện hồ sơ sản phẩm",
            "UBND cấp xã tiếp nhận, rà soát hồ sơ và đề xuất lên tỉnh",
            "Hội đồng cấp tỉnh đánh giá, phân hạng; UBND tỉnh quyết định công nhận 3–4 sao",
            "Sản phẩm đạt 5 sao do tỉnh đề nghị, Trung ương đánh giá và công nhận",
        ),
    ),
)

WORKFLOWS_BY_CODE = {w.code: w for w in OCOP_WORKFLOWS}


def ocop_workflow(day: dt.date) -> OcopWorkflow:
    """The OCOP workflow in force on ``day``."""
    for workflow in OCOP_WORKFLOWS:
        if workflow.applies_on(day):
            return workflow
    raise LookupError(f"Không có quy trình OCOP áp dụng cho ngày {day:%d/%m/%Y}.")


def score_band(stars: int) -> tuple[int, int | None] | None:
    """The points (low, high; high None: up to 100) that give ``stars``, from the same bands as
    ``stars_for_score`` (Decision 148/QĐ-TTg: 3★ 50–69, 4★ 70–89, 5★ from 90)."""
    bands = sorted(_STAR_BANDS)
    for i, (floor, band_stars) in enumerate(bands):
        if band_stars == stars:
            high = int(bands[i + 1][0]) - 1 if i + 1 < len(bands) else None
            return int(floor), high
    return None
