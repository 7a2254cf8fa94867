"""Pre-aggregated roll-ups, maintained incrementally on every write of a data value.

One ``Node`` per (indicator, option or total, unit that has children, period bucket):
the unit's own value (``own``, from its stored values by the engine's own-value rule),
the sum and count of its children's values (``children_sum``, ``children_count``)
and the resulting ``value`` (own if present, else the children's sum or average).
Buckets of a stored period are the period itself and the standard periods that
contain it (month → quarter, half, year; season → its crop year).

``engine.maintain`` keeps nodes exact inside the transaction of each write, so a
roll-up read right after a write already includes it (no scheduled rebuild as in
DHIS2's analytics tables).  ``manage.py rebuild_rollups`` recomputes them from the
stored values (after a bulk load outside the write path, or to verify).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from django.db import models


class Node(models.Model):
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+")
    option_key = models.BigIntegerField(help_text="Option id, 0 for the total.")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("periods.Period", on_delete=models.CASCADE, related_name="+")
    own = models.DecimalField(max_digits=26, decimal_places=6, null=True)
    children_sum = models.DecimalField(max_digits=26, decimal_places=6, default=0)
    children_count = models.IntegerField(default=0)
    value = models.DecimalField(max_digits=26, decimal_places=6, null=True)

    class Meta:
        verbose_name = "nút tổng hợp"
        verbose_name_plural = "nút tổng hợp"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "option_key", "unit", "period"], name="engine_node_unique"),
        ]
        indexes = [models.Index(fields=["indicator", "period", "unit"])]

    def children_value(self, average: bool) -> Decimal | None:
        if not self.children_count:
            return None
        return self.children_sum / self.children_count if average else self.children_sum


class NodeRow(NamedTuple):
    """A node as the engine reads it (read with ``values_list``: far cheaper than model
    instances when a dashboard reads thousands)."""

    own: Decimal | None
    children_sum: Decimal
    children_count: int
    value: Decimal | None

    children_value = Node.children_value

    FIELDS = ("indicator_id", "option_key", "unit_id", "period_id", "own", "children_sum", "children_count", "value")

    @classmethod
    def read(cls, queryset) -> dict[tuple, NodeRow]:
        """{(indicator id, option key, unit id, period id): row} for the nodes of a queryset."""
        return {(i, o, u, p): cls(own, csum, count, value)
                for i, o, u, p, own, csum, count, value in queryset.values_list(*cls.FIELDS)}
