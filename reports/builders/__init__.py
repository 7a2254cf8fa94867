"""Report builders: each turns (unit, period[, programme]) into a :class:`Report`
whose every figure comes from the engine."""

from __future__ import annotations


def builder_class(kind: str):
    from ..models import ReportKind

    if kind == ReportKind.MONTHLY:
        from .monthly import MonthlyBuilder

        return MonthlyBuilder
    if kind == ReportKind.REVIEW:
        from .review import ReviewBuilder

        return ReviewBuilder
    if kind == ReportKind.PLAN:
        from .plan import PlanBuilder

        return PlanBuilder
    raise ValueError(f"Loại báo cáo '{kind}' không có.")
