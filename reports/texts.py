"""Reading the free text of a report: the stored sections of this period, the last
value of each sticky section from an earlier period, then the defaults."""

from __future__ import annotations

from .kinds import default_header, sections
from .models import ReportText


def stored_texts(kind: str, unit, period) -> dict[str, ReportText]:
    return {t.section: t for t in ReportText.objects.filter(kind=kind, unit=unit, period=period)}


def report_texts(kind: str, unit, period) -> dict[str, str]:
    """Every section of the kind → its text for this report (never None)."""
    out = {s.key: "" for s in sections(kind)}
    exact = stored_texts(kind, unit, period)
    sticky = [s.key for s in sections(kind) if s.sticky and s.key not in exact]
    earlier: dict[str, str] = {}
    if sticky:
        rows = (ReportText.objects.filter(kind=kind, unit=unit, section__in=sticky, period__start__lt=period.start)
                .order_by("section", "-period__start").values_list("section", "text"))
        for section, text in rows:
            earlier.setdefault(section, text)
    defaults = default_header(kind, unit, period)
    for s in sections(kind):
        if s.key in exact:
            out[s.key] = exact[s.key].text
        elif s.key in earlier:
            out[s.key] = earlier[s.key]
        elif s.key in defaults:
            out[s.key] = defaults[s.key]
    return out
