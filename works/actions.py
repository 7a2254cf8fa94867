"""The one write path of infrastructure works: validate, save, audit — in one transaction.

Status only moves forward: planned → under construction (``do_start``) → completed
(``do_complete``).  A work that is already finished may be entered as completed
directly (records of past years), with its completion date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.scope import can_manage
from records.actions import Refused, apply_step, require, save_record
from records.models import FundingSource
from records.spans import check_span
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


def do_save_work(work: Work | None = None, *, user, channel: str, unit: Unit, communes=None,
                 status: str | None = None, started_on: dt.date | None = None, completed_on: dt.date | None = None,
                 completed_from: dt.date | None = None, **fields) -> Work:
    """Create a work (any status, with its dates) or correct one (its status changes through
    ``do_start`` / ``do_complete``)."""
    if work is not None and status is not None and status != work.status and set(fields) <= set(FIELDS):
        require(can_manage, user, work.unit, "sửa công trình")
        raise Refused("Trạng thái công trình chỉ chuyển qua các nút Khởi công / Hoàn thành.")

    def prepare(w: Work, creating: bool) -> None:
        if creating:
            w.status = status or WorkStatus.PLANNED
        if started_on is not None or creating:
            w.started_on = started_on
        if completed_on is not None or creating:
            w.completed_on, w.completed_from = completed_on, completed_from or completed_on

    return save_record(work, model=Work, user=user, channel=channel, unit=unit, values=fields, allowed=FIELDS,
                       what="ghi công trình", what_edit="sửa công trình", prepare=prepare,
                       validate=lambda w: _problems(w, communes), related={"communes": communes},
                       reason="Công trình hạ tầng")[0]


def do_start(work: Work, *, user, channel: str, started_on: dt.date) -> Work:
    def apply(w: Work) -> None:
        if w.status != WorkStatus.PLANNED:
            raise Refused(f"Công trình đang ở trạng thái «{w.get_status_display()}»: chỉ khởi công công trình "
                          "đang ở kế hoạch.")
        if started_on is None:
            raise Refused("Cần ghi ngày khởi công.")
        w.status, w.started_on = WorkStatus.UNDER_CONSTRUCTION, started_on

    return apply_step(work, user=user, channel=channel, what="cập nhật công trình", reason="Khởi công", apply=apply)


def do_complete(work: Work, *, user, channel: str, completed_on: dt.date, length_km: Decimal | None = None,
                completed_from: dt.date | None = None) -> Work:
    def apply(w: Work) -> None:
        if w.status != WorkStatus.UNDER_CONSTRUCTION:
            raise Refused(f"Công trình đang ở trạng thái «{w.get_status_display()}»: chỉ ghi hoàn thành công trình "
                          "đang thi công.")
        w.status = WorkStatus.COMPLETED
        w.completed_on, w.completed_from = completed_on, completed_from or completed_on
        if length_km is not None:
            w.length_km = length_km
        problems = _problems(w, None)
        if problems:
            raise Refused(problems)

    return apply_step(work, user=user, channel=channel, what="cập nhật công trình", reason="Hoàn thành", apply=apply)
