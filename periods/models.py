"""Reporting periods (kỳ báo cáo).  Codes and dates are defined in ``periods.codes``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .codes import HALF, MONTH, QUARTER, SEASON, TERM, YEAR, PeriodCodeError, parse_period


class PeriodType(models.TextChoices):
    YEAR = YEAR, _("Năm")
    HALF = HALF, _("6 tháng")
    QUARTER = QUARTER, _("Quý")
    MONTH = MONTH, _("Tháng")
    SEASON = SEASON, _("Vụ")
    TERM = TERM, _("Giai đoạn")


class PeriodManager(models.Manager):
    def for_code(self, code: str) -> Period:
        """The period with this code, created on first use.  Raises PeriodCodeError."""
        spec = parse_period(code)
        period = self.filter(code=spec.code).first()
        if period is None:
            period, _created = self.get_or_create(
                code=spec.code,
                defaults=dict(
                    period_type=spec.period_type, year=spec.year, start=spec.start, end=spec.end,
                    window_start=spec.window_start, window_end=spec.window_end, name=spec.name,
                ),
            )
        return period

    def for_codes(self, codes) -> dict[str, Period]:
        """Periods for many codes at once (two queries plus one per new period)."""
        specs = {}
        for code in set(codes):
            try:
                specs[code] = parse_period(code)
            except PeriodCodeError:
                continue
        found = {p.code: p for p in self.filter(code__in=[s.code for s in specs.values()])}
        result = {}
        for raw, spec in specs.items():
            result[raw] = found.get(spec.code) or self.for_code(spec.code)
        return result


class Period(models.Model):
    code = models.CharField(_("mã kỳ"), max_length=16, unique=True)
    period_type = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodType.choices)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    window_start = models.DateField(_("số liệu từ ngày"))
    window_end = models.DateField(_("số liệu đến ngày"))
    name = models.CharField(_("tên kỳ"), max_length=64)

    objects = PeriodManager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["start", "end"]
        indexes = [models.Index(fields=["period_type", "start"])]

    def __str__(self) -> str:
        return self.name

    def same_period_last_year(self) -> Period:
        """The period one year earlier (cùng kỳ năm trước)."""
        spec = parse_period(self.code)
        if spec.period_type == TERM:
            raise PeriodCodeError("Giai đoạn nhiều năm không có cùng kỳ năm trước.")
        # Every non-term code is the year followed by a suffix (month, Q4, S2, DX …).
        return Period.objects.for_code(f"{spec.year - 1}{spec.code[4:]}")
