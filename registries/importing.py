"""The registries' part of the import (``records.importing`` reads every registry file):
the OCOP certificate and the cooperative year given on a record's row, checked and
written through ``registries.actions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from audit.models import Channel
from records import importing as framework

from . import actions
from .models import Cooperative, EvaluationResult, OcopEvaluation, OcopProduct
from .rules import CERTIFIED_STARS, stars_for_score
from .specs import RegistrySpec


@dataclass
class ImportSummary(framework.ImportSummary):
    certificates: int = 0
    years: int = 0

    def extras(self) -> list[str]:
        extra = []
        if self.certificates:
            extra.append(f"{self.certificates} quyết định công nhận OCOP mới")
        if self.years:
            extra.append(f"{self.years} dòng số liệu năm")
        return extra


def validate_cert(spec, reader, p) -> None:
    c = p.extra["cert"]
    if not any(v not in (None, "") for v in c.values()):
        p.extra["cert"] = {}
        return
    by_field = {col.field: col for col in spec.columns}
    stars, score = c.get("stars"), c.get("score")
    if stars is None and score is not None:
        stars = stars_for_score(score)
    if stars not in CERTIFIED_STARS:
        reader.problem(p.row, by_field["cert.stars"], "Giấy chứng nhận OCOP chỉ cấp cho sản phẩm đạt 3, 4 hoặc "
                                                    "5 sao; ghi số sao (hoặc điểm từ 50).")
        return
    if not c.get("decision_date"):
        reader.problem(p.row, by_field["cert.decision_date"], "Có hạng sao thì cần ngày quyết định công nhận.")
        return
    probe = OcopEvaluation(workflow="x", result=EvaluationResult.CERTIFIED, stars=stars, score=score,
                           decision_date=c["decision_date"], evaluated_on=c["decision_date"],
                           decision_level=c.get("decision_level") or "", decision_no=c.get("decision_no") or "")
    try:
        probe.full_clean(exclude=["product"])
    except ValidationError as e:
        reader._report(p.row, e)
    c["stars"] = stars


def validate_year(spec, reader, p) -> None:
    y = p.extra["year"]
    if y.get("year") is None:
        if y.get("revenue") is not None or y.get("member_income") is not None:
            column = spec.column("nam_so_lieu")
            reader.problem(p.row, column, "Có doanh thu hoặc thu nhập thì cần ghi năm số liệu.")
        p.extra["year"] = {}
    elif not 1990 <= y["year"] <= 2100:
        reader.problem(p.row, spec.column("nam_so_lieu"), f"Năm {y['year']} không hợp lệ.")


def write_extra(obj, p, summary: ImportSummary, *, user, channel) -> None:
    cert, year = p.extra.get("cert"), p.extra.get("year")
    if cert and isinstance(obj, OcopProduct):
        _, created = actions.do_record_ocop_certificate(
            obj, decision_date=cert["decision_date"], stars=cert["stars"], score=cert.get("score"),
            decision_no=cert.get("decision_no") or "", decision_level=cert.get("decision_level") or "", user=user,
            channel=channel)
        summary.certificates += int(created)
    if year and isinstance(obj, Cooperative):
        _, changed = actions.do_set_coop_year(obj, year["year"], revenue=year.get("revenue"),
                                              member_income=year.get("member_income"), user=user, channel=channel)
        summary.years += int(changed)


def import_registry(spec: RegistrySpec, source, *, user=None, filename: str | None = None,
                    number_style: str | None = None, channel: str = Channel.IMPORT) -> ImportSummary:
    """Import one registry file; raises ImportFailed (nothing written) on any problem."""
    return framework.import_records(spec, source, user=user, filename=filename, number_style=number_style,
                                    channel=channel)

