"""The one write path of capital records: validate, save, audit — in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accounts.scope import can_manage
from audit.models import Action
from support.registers import FundingSource, Refused, audit, check_span, require, snapshot
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


@transaction.atomic
def do_save_plan_line(line: PlanLine | None = None, *, user, channel: str, project: Project, unit: Unit, year: int,
                      amount: Decimal, funding_source: str = FundingSource.UNKNOWN, decision_number: str = "",
                      decided_on: dt.date | None = None, note: str = "", source: str = "") -> PlanLine:
    """Create a plan line, or correct ``line``."""
    if line is not None:
        line = PlanLine.objects.select_for_update().get(pk=line.pk)
        require(can_manage, user, line.unit, "sửa kế hoạch vốn")
    require(can_manage, user, unit, "ghi kế hoạch vốn")
    problems = _check_money(amount, "vốn được phân bổ")
    if not year or not 1990 <= int(year) <= 2100:
        problems.append("Năm kế hoạch không hợp lệ.")
    if funding_source not in FundingSource.values:
        problems.append("Nguồn vốn không hợp lệ.")
    if problems:
        raise Refused(problems)
    old = snapshot(line) if line else None
    line = line or PlanLine()
    line.project, line.unit, line.year, line.amount = project, unit, int(year), amount
    line.funding_source = funding_source
    line.decision_number, line.decided_on, line.note, line.source = decision_number, decided_on, note, source
    if _changed(line, old):
        line.save()
        audit(line, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Kế hoạch vốn")
    return line


@transaction.atomic
def do_save_disbursement(entry: Disbursement | None = None, *, user, channel: str, project: Project, unit: Unit,
                         disbursed_on: dt.date, amount: Decimal, disbursed_from: dt.date | None = None,
                         funding_source: str = FundingSource.UNKNOWN, plan_year: int | None = None, note: str = "",
                         source: str = "") -> Disbursement:
    """Record a disbursement (one day) or a cumulative figure over ``disbursed_from`` – ``disbursed_on``."""
    if entry is not None:
        entry = Disbursement.objects.select_for_update().get(pk=entry.pk)
        require(can_manage, user, entry.unit, "sửa số liệu giải ngân")
    require(can_manage, user, unit, "ghi giải ngân")
    problems = _check_money(amount, "số tiền giải ngân")
    if disbursed_on is None:
        problems.append("Cần ghi ngày giải ngân.")
    problems += check_span(disbursed_on, disbursed_from, "Ngày giải ngân")
    if funding_source not in FundingSource.values:
        problems.append("Nguồn vốn không hợp lệ.")
    if problems:
        raise Refused(problems)
    old = snapshot(entry) if entry else None
    entry = entry or Disbursement()
    entry.project, entry.unit, entry.funding_source = project, unit, funding_source
    entry.disbursed_on, entry.disbursed_from = disbursed_on, disbursed_from or disbursed_on
    entry.amount, entry.plan_year, entry.note, entry.source = amount, plan_year, note, source
    if _changed(entry, old):
        entry.save()
        audit(entry, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Giải ngân")
    return entry


@transaction.atomic
def do_delete(obj: PlanLine | Disbursement, *, user, channel: str, reason: str = "") -> None:
    obj = type(obj).objects.select_for_update().select_related("unit").get(pk=obj.pk)
    require(can_manage, user, obj.unit, "xóa số liệu vốn")
    old = snapshot(obj)
    unit_code = obj.unit.code
    audit(obj, old, user=user, channel=channel, action=Action.DELETE, reason=reason or "Xóa", unit_code=unit_code)
    obj.delete()
