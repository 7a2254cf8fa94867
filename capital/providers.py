"""CAPITAL_ALLOCATED and CAPITAL_DISBURSED (triệu đồng, by CAPITAL_LINE) from the stored
plan lines and disbursements.  The option is a project's ``line_code``; its figure
includes the project's sub-projects.  ``CAPITAL_DISBURSED_PCT`` is the catalogue's
formula over the two, computed by the engine.  ``covers`` follows
``records.providers`` (register ``capital``); counting follows ``capital.figures``.
"""

from __future__ import annotations

from bacthang.lib.numbers import format_number
from periods.models import Period
from records.providers import RecordProvider, Source
from records.spans import span_overlaps
from records.territory import Territory

from . import figures
from .models import Disbursement, PlanLine, Register


class CapitalProvider(RecordProvider):
    register = Register.CAPITAL

    def __init__(self, side: str):
        self.side = side  # "allocated" or "disbursed"

    def sources(self) -> list[Source]:
        return [Source(PlanLine, when=figures.plan_overlaps), Source(Disbursement, figures.DISBURSED)]

    def compute(self, terr: Territory, option: str | None, period: Period):
        plans, disbs = PlanLine.objects.filter(terr.q()), Disbursement.objects.filter(terr.q())
        if option:
            ids = figures.subtree_ids(option)
            plans, disbs = plans.filter(project_id__in=ids), disbs.filter(project_id__in=ids)
        # Nothing of the period on the system is not 0: the allocation is not known without
        # a plan line, the disbursement without a plan line or a disbursement (a plan line
        # with nothing disbursed yet is 0 disbursed).
        if not plans.filter(figures.plan_overlaps(period)).exists() and (
                self.side == "allocated" or not disbs.filter(span_overlaps(figures.DISBURSED, period)).exists()):
            return None, f"Chưa có dòng kế hoạch vốn nào của kỳ {period.code} trên hệ thống."
        if self.side == "allocated":
            disbs = disbs.none()
        else:
            plans = plans.none()
        fig = figures.totals(plans, disbs, period)
        value = fig.allocated if self.side == "allocated" else fig.disbursed
        if value is None:
            return None, (f"Không tách được số liệu kỳ {period.code}: {format_number(fig.unplaced)} dòng kế hoạch vốn "
                          "hoặc lần giải ngân chỉ biết theo năm hoặc theo một khoảng thời gian rộng hơn kỳ này.")
        what = "kế hoạch vốn được phân bổ" if self.side == "allocated" else "số vốn đã giải ngân"
        return value, f"Cộng {what} đã ghi trên hệ thống trong kỳ {period.code}."


PROVIDERS = {
    "CAPITAL_ALLOCATED": CapitalProvider("allocated"),
    "CAPITAL_DISBURSED": CapitalProvider("disbursed"),
}
