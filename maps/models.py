from django.db import models
from django.utils.translation import gettext_lazy as _


class Boundary(models.Model):
    """The outline of an administrative unit for a span of time, as GeoJSON geometry in
    longitude/latitude (WGS 84), simplified when loaded (``maps.loading``).  Boundaries are
    data the province loads from its own land or GIS office; none ship with the product."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                             related_name="boundaries")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    geometry = models.JSONField(_("ranh giới (GeoJSON)"))
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ranh giới")
        verbose_name_plural = _("ranh giới")
        ordering = ["unit__code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.unit.name} ({self.valid_from or '…'} – {self.valid_to or '…'})"

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)
