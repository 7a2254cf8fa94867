"""The sentence reports write about the communes' criteria: "xã San Thàng hoàn thành
10/19 tiêu chí nông thôn mới nâng cao".  Both numbers are engine figures
(``NTM_CRITERIA_MET`` and ``NTM_CRITERIA_TOTAL``, derived by ``ruraldev.providers`` from
the approved evaluations); this item only chooses which communes to ask about — those of
the report's unit with an approved evaluation in the report's year."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from bacthang.lib.numbers import format_number

from .models import LEVEL_PHRASE, Evaluation, Level, Workflow


@dataclass(frozen=True)
class NtmCriteria:
    lead: str = "Xây dựng nông thôn mới"

    def clauses(self, writer) -> list[str]:
        unit, year = writer.unit, writer.period.end.year
        period = writer.f.period(str(year))
        pairs = (Evaluation.objects.filter(year=year, status=Workflow.APPROVED)
                 .filter(Q(unit__code__startswith=unit.code + ".") | Q(unit=unit))
                 .order_by("criteria_set__level", "unit__code")
                 .values_list("unit__code", "unit__name", "criteria_set__level").distinct())
        out = []
        order = {Level.BASIC: 1, Level.ADVANCED: 2, Level.MODEL: 3}
        for code, name, level in sorted(set(pairs), key=lambda p: (p[0], -order.get(p[2], 0))):
            met = writer.f.value("NTM_CRITERIA_MET", code, period, level)
            total = writer.f.value("NTM_CRITERIA_TOTAL", code, period, level)
            if met is None or total is None or met.value is None or total.value is None:
                continue
            count = f"{format_number(met.value, 0)}/{format_number(total.value, 0)}"
            out.append(f"{name[:1].lower()}{name[1:]} hoàn thành {count} {LEVEL_PHRASE[level]}")
        writer.stated.update({"NTM_CRITERIA_MET", "NTM_CRITERIA_TOTAL"})
        return out

    def blocks(self, writer) -> list:
        from reports import phrases as P
        from reports.builders.base import Block

        clauses = self.clauses(writer)
        if not clauses:
            return []
        return [Block(f"- {P.sentence(f'{self.lead}: ' + '; '.join(clauses))}")]
