"""The one write path of registry records: validate, save and audit in one transaction.

Views, the importer, the admin, the demo loader and the tests all call these
``do_*`` functions.  They raise ``django.core.exceptions.ValidationError`` with
Vietnamese messages and write nothing when a record is refused.  An update that
changes nothing writes nothing (no save, no audit row), so every import is
idempotent.  Permission checks belong to the caller (``registries.permissions``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.recording import log_change, snapshot
from units.models import REFORM_DATE, Level, Unit, UnitSuccession

from .models import (
    CertStatus,
    Cooperative,
    CooperativeYear,
    CoopKind,
    CoopStatus,
    EvaluationResult,
    OcopEvaluation,
    OcopProduct,
    OcopStatus,
    OperatingRecord,
    OperatingStatus,
    OwnerKind,
    Record,
    RegistryCoverage,
    ValidityRecord,
)
from .rules import CERTIFIED_STARS, ocop_workflow, stars_for_score
from .snapshot import mark_dirty

_NOT_STATE = {"version", "updated_at", "created_at", "search_text"}


class Conflict(ValidationError):
    """The record was changed by someone else since it was read."""


def _state(obj) -> dict:
    return {k: v for k, v in snapshot(obj).items() if k not in _NOT_STATE}


def _unit_code(obj) -> str:
    if isinstance(obj, OcopEvaluation):
        return obj.product.unit.code
    if isinstance(obj, CooperativeYear):
        return obj.cooperative.unit.code
    unit = getattr(obj, "unit", None)
    return unit.code if unit is not None else ""


def _log(action, obj, old, new, *, user, channel, reason):
    mark_dirty()
    log_change(user=user, channel=channel, action=action, obj=obj, old=old, new=new, unit_code=_unit_code(obj),
               reason=reason)


def _prepare(obj) -> None:
    """Fill what follows from other fields before validation."""
    if isinstance(obj, OcopProduct):
        if obj.cooperative_id and not obj.owner_name:
            obj.owner_name = obj.cooperative.name
        if obj.cooperative_id and obj.owner_kind not in (OwnerKind.COOPERATIVE, OwnerKind.GROUP):
            obj.owner_kind = (OwnerKind.COOPERATIVE if obj.cooperative.kind == CoopKind.COOPERATIVE
                              else OwnerKind.GROUP)
        if not obj.cooperative_id and obj.owner_kind in (OwnerKind.COOPERATIVE, OwnerKind.GROUP) \
                and obj.owner_name and obj.unit_id:
            obj.cooperative = find_cooperative(obj.owner_name, obj.unit)


def find_cooperative(name: str, unit: Unit) -> Cooperative | None:
    """The one cooperative of the same province with this name, if exactly one."""
    province = unit.code.split(".")[0]
    found = list(Cooperative.objects.filter(name__iexact=" ".join(name.split()))
                 .filter(unit__code__startswith=province + ".")[:2])
    found += list(Cooperative.objects.filter(name__iexact=" ".join(name.split()), unit__code=province)[:1])
    return found[0] if len(found) == 1 else None


# --------------------------------------------------------------------------- generic records
@transaction.atomic
def do_create(model: type[Record], data: dict, *, user=None, channel: str, reason: str = "") -> Record:
    obj = model(**data)
    _prepare(obj)
    obj.full_clean()
    obj.save()
    _log(Action.CREATE, obj, None, snapshot(obj), user=user, channel=channel, reason=reason)
    return obj


@transaction.atomic
def do_update(obj: Record, data: dict, *, user=None, channel: str, reason: str = "",
              expected_version: int | None = None) -> tuple[Record, bool]:
    """Apply ``data`` to the record; returns (the saved record, whether anything changed)."""
    model = type(obj)
    fresh = model.objects.select_for_update().get(pk=obj.pk)
    versioned = hasattr(fresh, "version")
    if versioned and expected_version is not None and fresh.version != expected_version:
        raise Conflict("Bản ghi đã được người khác sửa sau khi bạn mở; hãy tải lại trang rồi sửa lại.")
    before_snapshot = snapshot(fresh)
    before = _state(fresh)
    for name, value in data.items():
        setattr(fresh, name, value)
    _prepare(fresh)
    fresh.full_clean()
    if _state(fresh) == before:
        return fresh, False
    if versioned:
        fresh.version += 1
    fresh.save()
    _log(Action.UPDATE, fresh, before_snapshot, snapshot(fresh), user=user, channel=channel, reason=reason)
    return fresh, True


@transaction.atomic
def do_delete(obj, *, user=None, channel: str, reason: str = "") -> None:
    _log(Action.DELETE, obj, snapshot(obj), None, user=user, channel=channel, reason=reason)
    obj.delete()


def do_revoke(obj: OcopProduct | ValidityRecord, on: dt.date, reason: str, *, user=None, channel: str):
    """Revoke an OCOP certificate, a certification or a planting-area code from ``on``."""
    if not reason.strip():
        raise ValidationError({"revoked_reason": "Cần ghi lý do thu hồi."})
    if isinstance(obj, OcopProduct):
        if obj.decision_date and on < obj.decision_date:
            raise ValidationError({"revoked_on": "Ngày thu hồi trước ngày quyết định công nhận."})
        status = OcopStatus.REVOKED
    elif isinstance(obj, ValidityRecord):
        if obj.valid_from and on < obj.valid_from:
            raise ValidationError({"revoked_on": "Ngày thu hồi trước ngày bắt đầu hiệu lực."})
        status = CertStatus.REVOKED
    else:
        raise TypeError(f"{type(obj).__name__} không thu hồi được; dùng do_stop.")
    return do_update(obj, {"status": status, "revoked_on": on, "revoked_reason": reason.strip()}, user=user,
                     channel=channel, reason=f"Thu hồi: {reason.strip()}")[0]


def do_stop(obj: Cooperative | OperatingRecord, on: dt.date, *, status: str | None = None, reason: str = "",
            user=None, channel: str):
    """A cooperative stops (suspended or dissolved) or a farm / facility stops operating from ``on``."""
    if isinstance(obj, Cooperative):
        status = status or CoopStatus.DISSOLVED
        if status == CoopStatus.ACTIVE:
            raise ValidationError({"status": "Chọn 'Tạm ngừng hoạt động' hoặc 'Đã giải thể'."})
    elif isinstance(obj, OperatingRecord):
        status = OperatingStatus.STOPPED
    else:
        raise TypeError(f"{type(obj).__name__} không có trạng thái hoạt động; dùng do_revoke.")
    return do_update(obj, {"status": status, "stopped_on": on}, user=user, channel=channel,
                     reason=("Ngừng hoạt động" + (f": {reason.strip()}" if reason.strip() else "")))[0]


# --------------------------------------------------------------------------- OCOP workflow
def default_proposer(unit: Unit, proposer_level: int) -> Unit | None:
    """The unit that proposes a product of ``unit`` under a workflow whose proposer has this level."""
    if proposer_level == Level.DISTRICT:
        if unit.level == Level.DISTRICT:
            return unit
        if unit.level == Level.COMMUNE and unit.parent_id and unit.parent.level == Level.DISTRICT:
            return unit.parent
        return None
    if proposer_level == Level.COMMUNE and unit.level == Level.COMMUNE:
        if unit.valid_to is None or unit.valid_to >= REFORM_DATE:
            return unit
        successors = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor")[:2])
        return successors[0].successor if len(successors) == 1 else None
    return None


def _check_proposer(proposer: Unit | None, day: dt.date) -> None:
    workflow = ocop_workflow(day)
    if proposer is not None and proposer.level != workflow.proposer_level:
        raise ValidationError({"proposer": (
            f"Ngày {day:%d/%m/%Y} áp dụng quy trình: {workflow.label}. Đơn vị đề xuất phải là "
            f"{workflow.proposer_label.lower()}; {proposer.name} là {proposer.get_level_display().lower()}."
        )})


def _sync_product(product: OcopProduct, *, user, channel: str, reason: str) -> OcopProduct:
    """Copy the latest certificate onto the product and derive its status (audited if it changed)."""
    fresh = OcopProduct.objects.select_for_update().get(pk=product.pk)
    before_snapshot, before = snapshot(fresh), _state(fresh)
    evaluations = list(fresh.evaluations.all())
    certified = sorted((e for e in evaluations if e.result == EvaluationResult.CERTIFIED),
                       key=lambda e: (e.decision_date, e.pk))
    latest = certified[-1] if certified else None
    pending = any(e.result == EvaluationResult.PENDING for e in evaluations)
    today = timezone.localdate()
    for name in ("score", "stars", "decision_date", "valid_until"):
        setattr(fresh, name, getattr(latest, name) if latest else None)
    fresh.decision_no = latest.decision_no if latest else ""
    fresh.decision_level = latest.decision_level if latest else ""
    valid_now = latest is not None and latest.valid_until >= today
    if fresh.status == OcopStatus.REVOKED:
        pass
    elif pending:
        fresh.status = OcopStatus.UPGRADE_PROPOSED if valid_now else OcopStatus.PROPOSED
    elif latest is not None:
        fresh.status = OcopStatus.CERTIFIED if valid_now else OcopStatus.EXPIRED
    elif any(e.result == EvaluationResult.NOT_CERTIFIED for e in evaluations):
        fresh.status = OcopStatus.NOT_CERTIFIED
    else:
        fresh.status = OcopStatus.PROPOSED
    if _state(fresh) != before:
        fresh.full_clean()
        fresh.version += 1
        fresh.save()
        _log(Action.UPDATE, fresh, before_snapshot, snapshot(fresh), user=user, channel=channel, reason=reason)
    return fresh


@transaction.atomic
def do_propose_ocop(product: OcopProduct, *, proposed_on: dt.date, proposer: Unit | None = None,
                    proposed_stars: int | None = None, note: str = "", user=None, channel: str) -> OcopEvaluation:
    """A product is proposed for ranking (or for a higher rank) by the level the rule in force names."""
    if product.status == OcopStatus.REVOKED:
        raise ValidationError("Sản phẩm đã bị thu hồi chứng nhận; tạo hồ sơ sản phẩm mới để đề xuất lại.")
    if product.evaluations.filter(result=EvaluationResult.PENDING).exists():
        raise ValidationError("Sản phẩm đang có hồ sơ chờ đánh giá; ghi kết quả lượt đó trước.")
    workflow = ocop_workflow(proposed_on)
    if proposer is None:
        proposer = default_proposer(product.unit, workflow.proposer_level)
    _check_proposer(proposer, proposed_on)
    if proposed_stars is not None and proposed_stars not in CERTIFIED_STARS:
        raise ValidationError({"proposed_stars": "Hạng sao đề nghị từ 3 đến 5 sao."})
    evaluation = OcopEvaluation(product=product, workflow=workflow.code, proposed_on=proposed_on, proposer=proposer,
                                proposed_stars=proposed_stars, note=note)
    evaluation.full_clean()
    evaluation.save()
    _log(Action.CREATE, evaluation, None, snapshot(evaluation), user=user, channel=channel, reason="Đề xuất OCOP")
    _sync_product(product, user=user, channel=channel, reason="Đề xuất đánh giá, phân hạng OCOP")
    return evaluation


def _result_fields(*, evaluated_on, score, stars, decision_no, decision_date, decision_level) -> dict:
    score = Decimal(str(score)) if score is not None else None
    if stars is None and score is not None:
        stars = stars_for_score(score)
    result = EvaluationResult.CERTIFIED if stars in CERTIFIED_STARS else EvaluationResult.NOT_CERTIFIED
    day = evaluated_on or decision_date
    if result == EvaluationResult.CERTIFIED and not decision_level:
        decision_level = ocop_workflow(day).decision_level_for(stars) if day else ""
    return dict(evaluated_on=evaluated_on, score=score, stars=stars, result=result, decision_no=decision_no or "",
                decision_date=decision_date,
                decision_level=decision_level or "", workflow=ocop_workflow(day).code if day else "")


@transaction.atomic
def do_evaluate_ocop(evaluation: OcopEvaluation, *, evaluated_on: dt.date, score=None, stars: int | None = None,
                     decision_no: str = "", decision_date: dt.date | None = None, decision_level: str = "",
                     note: str | None = None, user=None, channel: str) -> OcopEvaluation:
    """The province's evaluation of a pending proposal: score, stars and the decision.

    The workflow recorded is the rule in force on ``evaluated_on``.
    """
    evaluation = OcopEvaluation.objects.select_for_update(of=("self",)).select_related("product", "proposer").get(
        pk=evaluation.pk)
    if evaluation.result != EvaluationResult.PENDING:
        raise ValidationError("Lượt đánh giá này đã có kết quả.")
    if score is None and stars is None:
        raise ValidationError({"score": "Cần điểm hoặc hạng sao đạt được."})
    before = snapshot(evaluation)
    fields = _result_fields(evaluated_on=evaluated_on, score=score, stars=stars, decision_no=decision_no,
                            decision_date=decision_date, decision_level=decision_level)
    for name, value in fields.items():
        setattr(evaluation, name, value)
    if note is not None:
        evaluation.note = note
    evaluation.full_clean()
    evaluation.save()
    _log(Action.UPDATE, evaluation, before, snapshot(evaluation), user=user, channel=channel,
         reason="Kết quả đánh giá, phân hạng OCOP")
    _sync_product(evaluation.product, user=user, channel=channel, reason="Kết quả đánh giá, phân hạng OCOP")
    return evaluation


@transaction.atomic
def do_record_ocop_certificate(product: OcopProduct, *, decision_date: dt.date, stars: int | None = None,
                               score=None, decision_no: str = "", decision_level: str = "",
                               evaluated_on: dt.date | None = None, proposed_on: dt.date | None = None,
                               proposer: Unit | None = None, note: str = "", user=None,
                               channel: str) -> tuple[OcopEvaluation, bool]:
    """Record a completed round at once (older certificates, imports, demo data).

    Idempotent: a certifying evaluation with the same decision date and stars is
    returned unchanged (created = False).  A pending proposal is completed.
    """
    if stars is None and score is not None:
        stars = stars_for_score(Decimal(str(score)))
    existing = product.evaluations.filter(result=EvaluationResult.CERTIFIED, decision_date=decision_date,
                                          stars=stars).first()
    if existing is not None:
        return existing, False
    pending = product.evaluations.filter(result=EvaluationResult.PENDING).first()
    if pending is not None:
        return do_evaluate_ocop(pending, evaluated_on=evaluated_on or decision_date, score=score, stars=stars,
                                decision_no=decision_no, decision_date=decision_date,
                                decision_level=decision_level, user=user, channel=channel), True
    if product.status == OcopStatus.REVOKED:
        raise ValidationError("Sản phẩm đã bị thu hồi chứng nhận.")
    if proposed_on is not None:
        if proposer is None:
            proposer = default_proposer(product.unit, ocop_workflow(proposed_on).proposer_level)
        _check_proposer(proposer, proposed_on)
    evaluation = OcopEvaluation(product=product, proposed_on=proposed_on, proposer=proposer, note=note,
                                **_result_fields(evaluated_on=evaluated_on, score=score, stars=stars,
                                                 decision_no=decision_no, decision_date=decision_date,
                                                 decision_level=decision_level))
    if evaluation.result != EvaluationResult.CERTIFIED:
        raise ValidationError({"stars": "Giấy chứng nhận OCOP chỉ cấp cho sản phẩm đạt từ 3 sao."})
    evaluation.full_clean()
    evaluation.save()
    _log(Action.CREATE, evaluation, None, snapshot(evaluation), user=user, channel=channel,
         reason="Ghi quyết định công nhận OCOP")
    _sync_product(product, user=user, channel=channel, reason="Ghi quyết định công nhận OCOP")
    return evaluation, True


@transaction.atomic
def do_refresh_ocop_statuses(*, user=None, channel: str) -> int:
    """Store 'expired' on products whose certificate lapsed (the pages show it computed anyway)."""
    today = timezone.localdate()
    changed = 0
    candidates = OcopProduct.objects.filter(
        status__in=[OcopStatus.CERTIFIED, OcopStatus.UPGRADE_PROPOSED], valid_until__lt=today)
    for product in candidates:
        before = product.status
        if _sync_product(product, user=user, channel=channel, reason="Hết hiệu lực chứng nhận").status != before:
            changed += 1
    return changed


# --------------------------------------------------------------------------- cooperative years, coverage
@transaction.atomic
def do_set_coop_year(cooperative: Cooperative, year: int, *, revenue=None, member_income=None,
                     members: int | None = None, user=None, channel: str) -> tuple[CooperativeYear, bool]:
    """Create or update a cooperative's figures for a year; returns (row, changed)."""
    row = CooperativeYear.objects.select_for_update().filter(cooperative=cooperative, year=year).first()
    created = row is None
    if created:
        row = CooperativeYear(cooperative=cooperative, year=year)
        before = None
    else:
        before = snapshot(row)
    row.revenue = Decimal(str(revenue)) if revenue is not None else None
    row.member_income = Decimal(str(member_income)) if member_income is not None else None
    row.members = members
    row.full_clean()
    if not created and snapshot(row) == before:
        return row, False
    row.save()
    _log(Action.CREATE if created else Action.UPDATE, row, before, snapshot(row), user=user, channel=channel,
         reason=f"Số liệu năm {year}")
    return row, True


@transaction.atomic
def do_declare_coverage(registry: str, unit: Unit, *, since: dt.date | None = None, until: dt.date | None = None,
                        note: str = "", user=None, channel: str) -> tuple[RegistryCoverage, bool]:
    """Declare that ``registry``'s records are complete for ``unit``'s territory from ``since``
    (empty: always) to ``until`` (empty: still complete)."""
    row = RegistryCoverage.objects.filter(register=registry, unit=unit).first()
    if row is None:
        row = RegistryCoverage(register=registry, unit=unit, since=since, until=until, note=note)
        row.full_clean()
        row.save()
        _log(Action.CREATE, row, None, snapshot(row), user=user, channel=channel, reason="Khai báo địa bàn quản lý")
        return row, True
    before = snapshot(row)
    row.since, row.until, row.note = since, until, note
    row.full_clean()
    if snapshot(row) == before:
        return row, False
    row.save()
    _log(Action.UPDATE, row, before, snapshot(row), user=user, channel=channel, reason="Khai báo địa bàn quản lý")
    return row, True


# --------------------------------------------------------------------------- workflow steps named by the API
# (issue 17: the API runs the registries' workflows through these, as the pages do through the ones above)
def do_request_ocop_upgrade(product: OcopProduct, *, proposed_on: dt.date, proposed_stars: int,
                            proposer: Unit | None = None, note: str = "", user=None, channel: str) -> OcopEvaluation:
    """Propose a certified product for more stars: its certificate must be valid on ``proposed_on``."""
    if product.status == OcopStatus.REVOKED:
        raise ValidationError("Sản phẩm đã bị thu hồi chứng nhận; không đề nghị nâng hạng được.")
    if product.stars is None or not product.valid_until or product.valid_until < proposed_on:
        raise ValidationError("Chỉ sản phẩm có giấy chứng nhận OCOP còn hiệu lực mới được đề nghị nâng hạng.")
    if proposed_stars is None or proposed_stars <= product.stars or proposed_stars not in CERTIFIED_STARS:
        raise ValidationError({"proposed_stars": f"Nâng hạng phải đề nghị nhiều sao hơn hạng hiện có "
                                                 f"({product.stars} sao), tối đa 5 sao."})
    return do_propose_ocop(product, proposed_on=proposed_on, proposer=proposer, proposed_stars=proposed_stars,
                           note=note, user=user, channel=channel)


def do_renew_validity(obj: ValidityRecord, *, valid_until: dt.date, valid_from: dt.date | None = None,
                      certificate_no: str | None = None, user=None, channel: str) -> ValidityRecord:
    """Renew a certification or a planting-area code to a later end date (a revoked one cannot be)."""
    if not isinstance(obj, ValidityRecord):
        raise TypeError(f"{type(obj).__name__} không gia hạn được.")
    if obj.status == CertStatus.REVOKED:
        raise ValidationError("Bản ghi đã bị thu hồi; không gia hạn được.")
    if obj.valid_until and valid_until <= obj.valid_until:
        raise ValidationError({"valid_until": f"Ngày hết hiệu lực mới phải sau ngày hiện có "
                                              f"({obj.valid_until:%d/%m/%Y})."})
    data: dict = {"valid_until": valid_until}
    if valid_from is not None:
        data["valid_from"] = valid_from
    if certificate_no is not None and hasattr(obj, "certificate_no"):
        data["certificate_no"] = certificate_no
    return do_update(obj, data, user=user, channel=channel, reason=f"Gia hạn đến {valid_until:%d/%m/%Y}")[0]


def do_expire_validity(obj: ValidityRecord, *, on: dt.date, reason: str = "", user=None,
                       channel: str) -> ValidityRecord:
    """End a certification or a planting-area code early: valid to the end of ``on`` (expired after it).

    Expiry is not a stored status (it is read from the dates), so this moves the end date."""
    if not isinstance(obj, ValidityRecord):
        raise TypeError(f"{type(obj).__name__} không có thời hạn hiệu lực.")
    if obj.status == CertStatus.REVOKED:
        raise ValidationError("Bản ghi đã bị thu hồi.")
    if obj.valid_until and obj.valid_until <= on:
        raise ValidationError({"on": f"Bản ghi đã hết hiệu lực từ sau ngày {obj.valid_until:%d/%m/%Y}."})
    if obj.valid_from and on < obj.valid_from:
        raise ValidationError({"on": "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."})
    return do_update(obj, {"valid_until": on}, user=user, channel=channel,
                     reason="Chấm dứt hiệu lực" + (f": {reason.strip()}" if reason.strip() else ""))[0]
