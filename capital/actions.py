"""The one write path of capital records: validate, save, audit — in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accounts.scope import can_manage
from audit.models import Action
from records.actions import Refused, audit, require, save_record, snapshot
from records.models import FundingSource
from records.spans import check_span
from units.models import Unit

from .models import Disbursement, PlanLine, Project, ProjectLevel


def _changed(obj, old) -> bool:
    return old is None or snapshot(obj) != old


@transaction.atomic
def do_save_project(*, user, channel: str, code: str, name: str, level: str = ProjectLevel.PROJECT,
                    parent: Project | None = None, programme=None, line_code: str = "", sort_order: int = 0,
                    note: str = "") -> Project:
    """Create or update a programme/project by its code (no audit row when nothing changed)."""
    if user is not None and not (user.is_superuser or getattr(getattr(user, "profile", None), "role", "") in
                                 ("province", "admin")):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Chỉ cán bộ cấp tỉnh quản lý danh mục chương trình, dự án.")
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise Refused("Cần mã và tên chương trình, dự án.")
    if level not in ProjectLevel.values:
        raise Refused("Cấp chương trình, dự án không hợp lệ.")
    project = Project.objects.filter(code=code).first()
    old = snapshot(project) if project else None
    if project is None:
        project = Project(code=code)
    p = parent
    while p is not None:
        if project.pk and p.pk == project.pk:
            raise Refused("Một dự án không thể thuộc chính nó.")
        p = p.parent
    project.name, project.level, project.parent, project.programme = name, level, parent, programme
    project.line_code, project.sort_order, project.note = line_code, sort_order, note
    if _changed(project, old):
        project.save()
        audit(project, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              unit_code="")
    return project


def _check_money(amount, label: str) -> list[str]:
    if amount is None:
        return [f"Cần nhập {label}."]
    if amount < 0:
        return [f"{label[:1].upper() + label[1:]} không được âm."]
    return []


def _plan_line_problems(line: PlanLine) -> list[str]:
    problems = _check_money(line.amount, "vốn được phân bổ")
    if not line.year or not 1990 <= int(line.year) <= 2100:
        problems.append("Năm kế hoạch không hợp lệ.")
    if line.funding_source not in FundingSource.values:
        problems.append("Nguồn vốn không hợp lệ.")
    return problems


def do_save_plan_line(line: PlanLine | None = None, *, user, channel: str, project: Project, unit: Unit, year: int,
                      amount: Decimal, funding_source: str = FundingSource.UNKNOWN, decision_number: str = "",
                      decided_on: dt.date | None = None, note: str = "", source: str = "") -> PlanLine:
    """Create a plan line, or correct ``line``."""
    values = dict(project=project, year=int(year) if year else year, amount=amount, funding_source=funding_source,
                  decision_number=decision_number, decided_on=decided_on, note=note, source=source)
    return save_record(line, model=PlanLine, user=user, channel=channel, unit=unit, values=values,
                       what="ghi kế hoạch vốn", what_edit="sửa kế hoạch vốn", validate=_plan_line_problems,
                       reason="Kế hoạch vốn")[0]


def _disbursement_problems(entry: Disbursement) -> list[str]:
    problems = _check_money(entry.amount, "số tiền giải ngân")
    if entry.disbursed_on is None:
        problems.append("Cần ghi ngày giải ngân.")
    problems += check_span(entry.disbursed_on, entry.disbursed_from, "Ngày giải ngân")
    if entry.funding_source not in FundingSource.values:
        problems.append("Nguồn vốn không hợp lệ.")
    return problems


def do_save_disbursement(entry: Disbursement | None = None, *, user, channel: str, project: Project, unit: Unit,
                         disbursed_on: dt.date, amount: Decimal, disbursed_from: dt.date | None = None,
                         funding_source: str = FundingSource.UNKNOWN, plan_year: int | None = None, note: str = "",
                         source: str = "") -> Disbursement:
    """Record a disbursement (one day) or a cumulative figure over ``disbursed_from`` – ``disbursed_on``."""
    values = dict(project=project, funding_source=funding_source, disbursed_on=disbursed_on,
                  disbursed_from=disbursed_from or disbursed_on, amount=amount, plan_year=plan_year, note=note,
                  source=source)
    return save_record(entry, model=Disbursement, user=user, channel=channel, unit=unit, values=values,
                       what="ghi giải ngân", what_edit="sửa số liệu giải ngân", validate=_disbursement_problems,
                       reason="Giải ngân")[0]


@transaction.atomic
def do_delete(obj: PlanLine | Disbursement, *, user, channel: str, reason: str = "") -> None:
    obj = type(obj).objects.select_for_update().select_related("unit").get(pk=obj.pk)
    require(can_manage, user, obj.unit, "xóa số liệu vốn")
    old = snapshot(obj)
    unit_code = obj.unit.code
    audit(obj, old, user=user, channel=channel, action=Action.DELETE, reason=reason or "Xóa", unit_code=unit_code)
    obj.delete()
