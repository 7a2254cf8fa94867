from django.db import models

from records.models import QUANTITY, Record


class WaterPoint(Record):
    """A water-supply point (giếng, bể, công trình cấp nước tập trung) on a commune."""

    REGISTRY = "water"
    NATURAL_KEY = ("unit", "name")
    NAME_FIELDS = ("name",)
    SEARCH_FIELDS = ("name",)

    name = models.CharField("tên điểm cấp nước", max_length=255)
    households = models.PositiveIntegerField("số hộ được cấp nước", null=True, blank=True)
    capacity_m3 = models.DecimalField("công suất (m³/ngày)", null=True, blank=True, **QUANTITY)
    built_on = models.DateField("ngày đưa vào sử dụng", null=True, blank=True)

    class Meta:
        app_label = "example"
        ordering = ["unit__code", "name"]

    def __str__(self) -> str:
        return self.name
