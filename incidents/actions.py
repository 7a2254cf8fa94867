"""The one write path of incidents: validate, save, audit — in one transaction.

Outbreaks: active → contained (``do_contain``, with the date).  Forest violations:
detected → processing → fined / prosecuted → closed (``do_handle``, forward only).
Vaccination: a campaign with its target units; ``do_mark_vaccinated`` records a unit's
completion.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accounts.scope import can_manage, can_write
from audit.models import Action
from periods.models import Period
from records.actions import Refused, apply_step, audit, inside, non_negative, require, save_record, snapshot
from records.spans import check_span
from units.models import Unit

from .models import (
    Disease,
    ForestViolation,
    Handling,
    Outbreak,
    OutbreakStatus,
    Species,
    VaccinationCampaign,
    VaccinationProgress,
    ViolationType,
)

OUTBREAK_FIELDS = ("disease", "species", "village", "households", "animals_sick", "animals_culled", "culled_kg",
                   "note", "source")
VIOLATION_FIELDS = ("violation_type", "location", "damaged_area_ha", "offender", "is_placeholder", "note", "source")


def _outbreak_problems(o: Outbreak, places) -> list[str]:
    problems = []
    if o.disease not in Disease.values:
        problems.append("Cần chọn bệnh.")
    if o.species not in Species.values:
        problems.append("Cần chọn loài vật nuôi.")
    if o.started_on is None:
        problems.append("Cần ghi ngày phát hiện.")
    problems += check_span(o.started_on, o.started_from, "Ngày phát hiện")
    problems += non_negative(o, ("households", "animals_sick", "animals_culled", "culled_kg"))
    if o.contained_on and o.started_on and o.contained_on < o.started_on:
        problems.append("Ngày công bố hết dịch trước ngày phát hiện.")
    return problems + [f"{p.name} không thuộc {o.unit.name}." for p in places or [] if not inside(p, o.unit)]


def do_save_outbreak(outbreak: Outbreak | None = None, *, user, channel: str, unit: Unit, started_on: dt.date,
                     started_from: dt.date | None = None, places=None, **fields) -> Outbreak:
    """Report an outbreak (commune officers may report in their commune) or correct one."""
    values = {**fields, "started_on": started_on, "started_from": started_from or started_on}
    return save_record(outbreak, model=Outbreak, user=user, channel=channel, unit=unit, values=values,
                       allowed=(*OUTBREAK_FIELDS, "started_on", "started_from"), check=can_write,
                       what="báo cáo ổ dịch", what_edit="sửa thông tin ổ dịch", related={"places": places},
                       validate=lambda o: _outbreak_problems(o, places), reason="Ổ dịch bệnh động vật")[0]


def do_contain(outbreak: Outbreak, *, user, channel: str, contained_on: dt.date) -> Outbreak:
    def apply(o: Outbreak) -> None:
        if o.status != OutbreakStatus.ACTIVE:
            raise Refused("Ổ dịch đã được công bố hết dịch.")
        if contained_on is None:
            raise Refused("Cần ghi ngày công bố hết dịch.")
        if contained_on < o.started_on:
            raise Refused("Ngày công bố hết dịch trước ngày phát hiện.")
        o.status, o.contained_on = OutbreakStatus.CONTAINED, contained_on

    return apply_step(outbreak, user=user, channel=channel, what="công bố hết dịch", reason="Công bố hết dịch",
                      apply=apply)


def _violation_problems(v: ForestViolation) -> list[str]:
    problems = []
    if v.violation_type not in ViolationType.values:
        problems.append("Cần chọn hành vi vi phạm.")
    if v.detected_on is None:
        problems.append("Cần ghi ngày phát hiện.")
    problems += check_span(v.detected_on, v.detected_from, "Ngày phát hiện")
    return problems + non_negative(v, ("damaged_area_ha",))


def do_save_violation(violation: ForestViolation | None = None, *, user, channel: str, unit: Unit,
                      detected_on: dt.date, detected_from: dt.date | None = None, **fields) -> ForestViolation:
    def prepare(v: ForestViolation, creating: bool) -> None:
        if v.damaged_area_ha is None:
            v.damaged_area_ha = Decimal(0)

    values = {**fields, "detected_on": detected_on, "detected_from": detected_from or detected_on}
    return save_record(violation, model=ForestViolation, user=user, channel=channel, unit=unit, values=values,
                       allowed=(*VIOLATION_FIELDS, "detected_on", "detected_from"), what="ghi vụ vi phạm lâm luật",
                       what_edit="sửa vụ vi phạm", prepare=prepare, validate=_violation_problems,
                       reason="Vụ vi phạm Luật Lâm nghiệp")[0]


HANDLING_ORDER = [Handling.DETECTED, Handling.PROCESSING, Handling.FINED, Handling.PROSECUTED, Handling.CLOSED]


def do_handle(violation: ForestViolation, *, user, channel: str, handling: str, handled_on: dt.date,
              note: str = "", fine_amount: Decimal | None = None) -> ForestViolation:
    """Move a violation's handling forward (never back)."""
    def apply(v: ForestViolation) -> None:
        if handling not in Handling.values:
            raise Refused("Tình trạng xử lý không hợp lệ.")
        if HANDLING_ORDER.index(handling) <= HANDLING_ORDER.index(v.handling):
            raise Refused(f"Vụ việc đang ở bước «{v.get_handling_display()}»: chỉ cập nhật sang bước sau.")
        if handled_on is None:
            raise Refused("Cần ghi ngày xử lý.")
        if handled_on < v.detected_from:
            raise Refused("Ngày xử lý trước ngày phát hiện.")
        if fine_amount is not None and fine_amount < 0:
            raise Refused("Tiền phạt không được âm.")
        v.handling, v.handled_on = handling, handled_on
        if note:
            v.handling_note = note[:500]
        if fine_amount is not None:
            v.fine_amount = fine_amount

    return apply_step(violation, user=user, channel=channel, what="cập nhật xử lý vi phạm",
                      reason=f"Xử lý vi phạm: {Handling(handling).label}" if handling in Handling.values else "",
                      apply=apply)


@transaction.atomic
def do_save_campaign(campaign: VaccinationCampaign | None = None, *, user, channel: str, name: str, season: Period,
                     unit: Unit, targets: list[Unit], diseases: str = "", note: str = "",
                     source: str = "") -> VaccinationCampaign:
    """A vaccination campaign and its target units (units removed from the targets lose their progress)."""
    require(can_manage, user, unit, "ghi đợt tiêm phòng")
    problems = []
    if not (name or "").strip():
        problems.append("Cần ghi tên đợt tiêm phòng.")
    if not targets:
        problems.append("Cần ít nhất một đơn vị thực hiện.")
    for t in targets:
        if not inside(t, unit):
            problems.append(f"{t.name} không thuộc {unit.name}.")
    if problems:
        raise Refused(problems)
    if campaign is not None:
        campaign = VaccinationCampaign.objects.select_for_update().get(pk=campaign.pk)
    old = snapshot(campaign) if campaign else None
    old_targets = sorted(campaign.targets.values_list("unit_id", flat=True)) if campaign else []
    campaign = campaign or VaccinationCampaign()
    campaign.name, campaign.season, campaign.unit = name.strip(), season, unit
    campaign.diseases, campaign.note, campaign.source = diseases, note, source
    new_targets = sorted(t.pk for t in targets)
    if old is None or snapshot(campaign) != old or new_targets != old_targets:
        campaign.save()
        campaign.targets.exclude(unit_id__in=new_targets).delete()
        have = set(campaign.targets.values_list("unit_id", flat=True))
        VaccinationProgress.objects.bulk_create(
            [VaccinationProgress(campaign=campaign, unit=t) for t in targets if t.pk not in have])
        audit(campaign, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Đợt tiêm phòng: " + ", ".join(t.name for t in targets))
    return campaign


def do_mark_vaccinated(progress: VaccinationProgress, *, user, channel: str, completed: bool = True,
                       completed_on: dt.date | None = None, note: str = "") -> VaccinationProgress:
    def apply(p: VaccinationProgress) -> None:
        if completed_on and completed_on < p.campaign.season.start:
            raise Refused("Ngày hoàn thành trước khi bắt đầu vụ tiêm phòng.")
        p.completed = completed
        p.completed_on = completed_on if completed else None
        if note:
            p.note = note[:255]

    return apply_step(progress, user=user, channel=channel, check=can_write, what="cập nhật tiến độ tiêm phòng",
                      reason="Hoàn thành tiêm phòng" if completed else "Chưa hoàn thành tiêm phòng", apply=apply,
                      only_if_changed=True, select_related=("unit", "campaign"))
