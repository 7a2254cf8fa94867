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
from support.registers import Refused, audit, check_span, require, snapshot
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


def _inside(unit: Unit, root: Unit) -> bool:
    return unit.code == root.code or unit.code.startswith(root.code + ".")


def _non_negative(obj, names) -> list[str]:
    out = []
    for name in names:
        v = getattr(obj, name)
        if v is not None and v < 0:
            out.append(f"{obj._meta.get_field(name).verbose_name.capitalize()} không được âm.")
    return out


@transaction.atomic
def do_save_outbreak(outbreak: Outbreak | None = None, *, user, channel: str, unit: Unit, started_on: dt.date,
                     started_from: dt.date | None = None, places=None, **fields) -> Outbreak:
    """Report an outbreak (commune officers may report in their commune) or correct one."""
    unknown = set(fields) - set(OUTBREAK_FIELDS)
    if unknown:
        raise Refused("Không có trường: " + ", ".join(sorted(unknown)))
    if outbreak is not None:
        outbreak = Outbreak.objects.select_for_update().get(pk=outbreak.pk)
        require(can_write, user, outbreak.unit, "sửa thông tin ổ dịch")
    require(can_write, user, unit, "báo cáo ổ dịch")
    old = snapshot(outbreak) if outbreak else None
    old_places = sorted(outbreak.places.values_list("pk", flat=True)) if outbreak else []
    outbreak = outbreak or Outbreak()
    outbreak.unit, outbreak.started_on, outbreak.started_from = unit, started_on, started_from or started_on
    for k, v in fields.items():
        setattr(outbreak, k, v)
    problems = []
    if outbreak.disease not in Disease.values:
        problems.append("Cần chọn bệnh.")
    if outbreak.species not in Species.values:
        problems.append("Cần chọn loài vật nuôi.")
    if started_on is None:
        problems.append("Cần ghi ngày phát hiện.")
    problems += check_span(started_on, started_from, "Ngày phát hiện")
    problems += _non_negative(outbreak, ("households", "animals_sick", "animals_culled", "culled_kg"))
    if outbreak.contained_on and started_on and outbreak.contained_on < started_on:
        problems.append("Ngày công bố hết dịch trước ngày phát hiện.")
    for p in places or []:
        if not _inside(p, unit):
            problems.append(f"{p.name} không thuộc {unit.name}.")
    if problems:
        raise Refused(problems)
    new_places = sorted(p.pk for p in places) if places is not None else old_places
    if old is None or snapshot(outbreak) != old or new_places != old_places:
        outbreak.save()
        if places is not None:
            outbreak.places.set(places)
        audit(outbreak, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Ổ dịch bệnh động vật")
    return outbreak


@transaction.atomic
def do_contain(outbreak: Outbreak, *, user, channel: str, contained_on: dt.date) -> Outbreak:
    outbreak = Outbreak.objects.select_for_update().select_related("unit").get(pk=outbreak.pk)
    require(can_manage, user, outbreak.unit, "công bố hết dịch")
    if outbreak.status != OutbreakStatus.ACTIVE:
        raise Refused("Ổ dịch đã được công bố hết dịch.")
    if contained_on is None:
        raise Refused("Cần ghi ngày công bố hết dịch.")
    if contained_on < outbreak.started_on:
        raise Refused("Ngày công bố hết dịch trước ngày phát hiện.")
    old = snapshot(outbreak)
    outbreak.status, outbreak.contained_on = OutbreakStatus.CONTAINED, contained_on
    outbreak.save()
    audit(outbreak, old, user=user, channel=channel, action=Action.UPDATE, reason="Công bố hết dịch")
    return outbreak


@transaction.atomic
def do_save_violation(violation: ForestViolation | None = None, *, user, channel: str, unit: Unit,
                      detected_on: dt.date, detected_from: dt.date | None = None, **fields) -> ForestViolation:
    unknown = set(fields) - set(VIOLATION_FIELDS)
    if unknown:
        raise Refused("Không có trường: " + ", ".join(sorted(unknown)))
    if violation is not None:
        violation = ForestViolation.objects.select_for_update().get(pk=violation.pk)
        require(can_manage, user, violation.unit, "sửa vụ vi phạm")
    require(can_manage, user, unit, "ghi vụ vi phạm lâm luật")
    old = snapshot(violation) if violation else None
    violation = violation or ForestViolation()
    violation.unit, violation.detected_on = unit, detected_on
    violation.detected_from = detected_from or detected_on
    for k, v in fields.items():
        setattr(violation, k, v)
    if violation.damaged_area_ha is None:
        violation.damaged_area_ha = Decimal(0)
    problems = []
    if violation.violation_type not in ViolationType.values:
        problems.append("Cần chọn hành vi vi phạm.")
    if detected_on is None:
        problems.append("Cần ghi ngày phát hiện.")
    problems += check_span(detected_on, detected_from, "Ngày phát hiện")
    problems += _non_negative(violation, ("damaged_area_ha",))
    if problems:
        raise Refused(problems)
    if old is None or snapshot(violation) != old:
        violation.save()
        audit(violation, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Vụ vi phạm Luật Lâm nghiệp")
    return violation


HANDLING_ORDER = [Handling.DETECTED, Handling.PROCESSING, Handling.FINED, Handling.PROSECUTED, Handling.CLOSED]


@transaction.atomic
def do_handle(violation: ForestViolation, *, user, channel: str, handling: str, handled_on: dt.date,
              note: str = "", fine_amount: Decimal | None = None) -> ForestViolation:
    """Move a violation's handling forward (never back)."""
    violation = ForestViolation.objects.select_for_update().select_related("unit").get(pk=violation.pk)
    require(can_manage, user, violation.unit, "cập nhật xử lý vi phạm")
    if handling not in Handling.values:
        raise Refused("Tình trạng xử lý không hợp lệ.")
    if HANDLING_ORDER.index(handling) <= HANDLING_ORDER.index(violation.handling):
        raise Refused(f"Vụ việc đang ở bước «{violation.get_handling_display()}»: chỉ cập nhật sang bước sau.")
    if handled_on is None:
        raise Refused("Cần ghi ngày xử lý.")
    if handled_on < violation.detected_from:
        raise Refused("Ngày xử lý trước ngày phát hiện.")
    if fine_amount is not None and fine_amount < 0:
        raise Refused("Tiền phạt không được âm.")
    old = snapshot(violation)
    violation.handling, violation.handled_on = handling, handled_on
    if note:
        violation.handling_note = note[:500]
    if fine_amount is not None:
        violation.fine_amount = fine_amount
    violation.save()
    audit(violation, old, user=user, channel=channel, action=Action.UPDATE,
          reason=f"Xử lý vi phạm: {Handling(handling).label}")
    return violation


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
        if not _inside(t, unit):
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


@transaction.atomic
def do_mark_vaccinated(progress: VaccinationProgress, *, user, channel: str, completed: bool = True,
                       completed_on: dt.date | None = None, note: str = "") -> VaccinationProgress:
    progress = VaccinationProgress.objects.select_for_update().select_related("unit", "campaign").get(pk=progress.pk)
    require(can_write, user, progress.unit, "cập nhật tiến độ tiêm phòng")
    if completed_on and completed_on < progress.campaign.season.start:
        raise Refused("Ngày hoàn thành trước khi bắt đầu vụ tiêm phòng.")
    old = snapshot(progress)
    progress.completed = completed
    progress.completed_on = completed_on if completed else None
    if note:
        progress.note = note[:255]
    if snapshot(progress) != old:
        progress.save()
        audit(progress, old, user=user, channel=channel, action=Action.UPDATE,
              reason="Hoàn thành tiêm phòng" if completed else "Chưa hoàn thành tiêm phòng")
    return progress
