"""The one write path of infrastructure works: validate, save, audit — in one transaction.

Status only moves forward: planned → under construction (``do_start``) → completed
(``do_complete``).  A work that is already finished may be entered as completed
directly (records of past years), with its completion date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accounts.scope import can_manage
from audit.models import Action
from support.registers import FundingSource, Refused, audit, check_span, require, snapshot
from units.models import Unit

from .models import Work, WorkStatus, WorkType

FIELDS = ("name", "work_type", "works_count", "length_km", "capacity", "capacity_measure", "funding_source",
          "programme_name", "project", "investment", "note", "source")


def _problems(work: Work, communes) -> list[str]:
    problems = []
    if not (work.name or "").strip():
        problems.append("Cần ghi tên công trình.")
    if work.work_type not in WorkType.values:
        problems.append("Loại công trình không hợp lệ.")
    if work.funding_source not in FundingSource.values:
        problems.append("Nguồn vốn không hợp lệ.")
    for label, v in (("Chiều dài", work.length_km), ("Quy mô", work.capacity), ("Tổng mức đầu tư", work.investment)):
        if v is not None and v < 0:
            problems.append(f"{label} không được âm.")
    if work.works_count == 0:
        problems.append("Số công trình phải lớn hơn 0 (để trống nếu không rõ).")
    for c in communes or []:
        if not (c.code == work.unit.code or c.code.startswith(work.unit.code + ".")):
            problems.append(f"{c.name} không thuộc {work.unit.name}: địa bàn phải chứa mọi xã công trình đi qua.")
    if work.status != WorkStatus.COMPLETED and work.completed_on:
        problems.append("Công trình chưa hoàn thành thì chưa có ngày hoàn thành.")
    if work.status == WorkStatus.COMPLETED and not work.completed_on:
        problems.append("Công trình đã hoàn thành cần ngày hoàn thành.")
    if work.status == WorkStatus.UNDER_CONSTRUCTION and not work.started_on:
        problems.append("Công trình đang thi công cần ngày khởi công.")
    problems += check_span(work.completed_on, work.completed_from, "Ngày hoàn thành")
    if work.started_on and work.completed_on and work.completed_on < work.started_on:
        problems.append("Ngày hoàn thành trước ngày khởi công.")
    return problems


@transaction.atomic
def do_save_work(work: Work | None = None, *, user, channel: str, unit: Unit, communes=None,
                 status: str | None = None, started_on: dt.date | None = None, completed_on: dt.date | None = None,
                 completed_from: dt.date | None = None, **fields) -> Work:
    """Create a work (any status, with its dates) or correct one (its status changes through
    ``do_start`` / ``do_complete``)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise Refused("Không có trường: " + ", ".join(sorted(unknown)))
    if work is not None:
        work = Work.objects.select_for_update().get(pk=work.pk)
        require(can_manage, user, work.unit, "sửa công trình")
        if status is not None and status != work.status:
            raise Refused("Trạng thái công trình chỉ chuyển qua các nút Khởi công / Hoàn thành.")
    require(can_manage, user, unit, "ghi công trình")
    old = snapshot(work) if work else None
    old_communes = sorted(work.communes.values_list("pk", flat=True)) if work else []
    creating = work is None
    work = work or Work(status=status or WorkStatus.PLANNED)
    work.unit = unit
    for k, v in fields.items():
        setattr(work, k, v)
    if started_on is not None or creating:
        work.started_on = started_on
    if completed_on is not None or creating:
        work.completed_on, work.completed_from = completed_on, completed_from or completed_on
    problems = _problems(work, communes)
    if problems:
        raise Refused(problems)
    new_communes = sorted(c.pk for c in communes) if communes is not None else old_communes
    if old is None or snapshot(work) != old or new_communes != old_communes:
        work.save()
        if communes is not None:
            work.communes.set(communes)
        audit(work, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Công trình hạ tầng")
    return work


@transaction.atomic
def do_start(work: Work, *, user, channel: str, started_on: dt.date) -> Work:
    work = Work.objects.select_for_update().select_related("unit").get(pk=work.pk)
    require(can_manage, user, work.unit, "cập nhật công trình")
    if work.status != WorkStatus.PLANNED:
        raise Refused(f"Công trình đang ở trạng thái «{work.get_status_display()}»: chỉ khởi công công trình "
                      "đang ở kế hoạch.")
    if started_on is None:
        raise Refused("Cần ghi ngày khởi công.")
    old = snapshot(work)
    work.status, work.started_on = WorkStatus.UNDER_CONSTRUCTION, started_on
    work.save()
    audit(work, old, user=user, channel=channel, action=Action.UPDATE, reason="Khởi công")
    return work


@transaction.atomic
def do_complete(work: Work, *, user, channel: str, completed_on: dt.date, length_km: Decimal | None = None,
                completed_from: dt.date | None = None) -> Work:
    work = Work.objects.select_for_update().select_related("unit").get(pk=work.pk)
    require(can_manage, user, work.unit, "cập nhật công trình")
    if work.status != WorkStatus.UNDER_CONSTRUCTION:
        raise Refused(f"Công trình đang ở trạng thái «{work.get_status_display()}»: chỉ ghi hoàn thành công trình "
                      "đang thi công.")
    old = snapshot(work)
    work.status = WorkStatus.COMPLETED
    work.completed_on, work.completed_from = completed_on, completed_from or completed_on
    if length_km is not None:
        work.length_km = length_km
    problems = _problems(work, None)
    if problems:
        raise Refused(problems)
    work.save()
    audit(work, old, user=user, channel=channel, action=Action.UPDATE, reason="Hoàn thành")
    return work
