"""Every write of the rural-development app: criteria set copies and revisions,
evaluations (results, submit, return, approve, reopen), evidence, recognitions.
Views, the admin, the API, the demo loader and tests call these; each checks the
user's scope (``accounts.scope``), writes and audits in one transaction.  ``user=None``
is the system itself (the demo loader, loading data files)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.scope import can_approve, can_write, is_admin
from audit.models import Action, Channel
from audit.recording import log_change, snapshot
from units.models import Level as UnitLevel
from units.models import Unit

from . import evidence as E
from .evaluation import build_sheet
from .models import (
    COMMUNE_LEVELS,
    EDITABLE,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    Evaluation,
    Evidence,
    IndicatorResult,
    Kind,
    Recognition,
    Status,
    Threshold,
    Workflow,
)

EVAL_FIELDS = ["status", "group", "note", "return_reason", "submitted_at", "submitted_by", "approved_at",
               "approved_by"]
RESULT_FIELDS = ["number", "yes", "choice", "status", "note", "frozen", "frozen_source"]


class Refused(Exception):
    """Nothing was written.  ``messages`` are Vietnamese sentences."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


def _system(user) -> bool:
    return user is None


# --------------------------------------------------------------------------- criteria sets
def _next_version(code: str) -> int:
    return (CriteriaSet.objects.filter(code=code).aggregate(m=Max("version"))["m"] or 0) + 1


@transaction.atomic
def do_copy_set(source: CriteriaSet, *, user=None, code: str | None = None, name: str | None = None,
                province: Unit | None = None, channel: str = Channel.ADMIN) -> CriteriaSet:
    """A new set with the same criteria, indicators and thresholds.  Without ``code`` it is
    the next version of ``source``; with one (a province's own set) version 1 of that code."""
    if province is not None and province.level != UnitLevel.PROVINCE:
        raise Refused("Bộ tiêu chí riêng phải gắn với một tỉnh.")
    new_code = code or source.code
    copy = CriteriaSet.objects.get(pk=source.pk)
    copy.pk = None
    copy.code = new_code
    copy.version = _next_version(new_code)
    copy.based_on = source
    if name:
        copy.name = name
    if province is not None:
        copy.province = province
    copy.save()
    for c in source.criteria.all().prefetch_related("indicators__thresholds"):
        indicators = list(c.indicators.all())
        c.pk, c.criteria_set = None, copy
        c.save()
        for ind in indicators:
            thresholds = list(ind.thresholds.all())
            ind.pk, ind.criterion = None, c
            ind.save()
            for t in thresholds:
                t.pk, t.indicator = None, ind
                t.save()
    log_change(user=user, channel=channel, action=Action.CREATE, obj=copy, old=None, new=snapshot(copy),
               reason=f"Sao chép từ {source} (id {source.pk})")
    return copy


def _counterpart(obj, copy: CriteriaSet):
    """The row of ``copy`` that corresponds to ``obj`` (a row of the set it was copied from)."""
    if isinstance(obj, CriteriaSet):
        return copy
    if isinstance(obj, Criterion):
        return copy.criteria.get(number=obj.number)
    if isinstance(obj, CriterionIndicator):
        return CriterionIndicator.objects.get(criterion__criteria_set=copy, criterion__number=obj.criterion.number,
                                              code=obj.code)
    if isinstance(obj, Threshold):
        return Threshold.objects.get(indicator__criterion__criteria_set=copy,
                                     indicator__criterion__number=obj.indicator.criterion.number,
                                     indicator__code=obj.indicator.code, group=obj.group)
    raise TypeError(obj)


@transaction.atomic
def do_revise(obj, changes: dict, *, user=None, channel: str = Channel.ADMIN):
    """Change a set or one of its rows.  A set nobody evaluated against changes in place; a
    set in use is copied to a new version first and the change is made there — past
    evaluations keep the version they were made against.  Returns the changed row."""
    fresh = type(obj).objects.get(pk=obj.pk)
    owner = fresh.owning_set()
    target = fresh
    if owner.in_use():
        target = _counterpart(fresh, do_copy_set(owner, user=user, channel=channel))
    old = snapshot(target)
    for k, v in changes.items():
        setattr(target, k, v)
    target.full_clean(exclude=["criteria_set", "criterion", "indicator", "based_on"])
    target.save()
    log_change(user=user, channel=channel, action=Action.UPDATE, obj=target, old=old, new=snapshot(target))
    return target


# --------------------------------------------------------------------------- evaluations
def _check_writer(user, unit: Unit) -> None:
    if _system(user):
        return
    if not can_write(user, unit):
        raise Refused(f"Bạn không có quyền đánh giá tiêu chí của {unit.name}.")


def _check_editable(evaluation: Evaluation) -> None:
    if evaluation.status not in EDITABLE:
        if evaluation.status == Workflow.APPROVED:
            raise Refused(f"Kết quả đánh giá năm {evaluation.year} của {evaluation.unit.name} đã được duyệt và "
                          "khóa; không sửa được.")
        raise Refused(f"Kết quả đánh giá năm {evaluation.year} của {evaluation.unit.name} đã nộp, đang chờ duyệt; "
                      "không sửa được.")


def set_applies(criteria_set: CriteriaSet, year: int) -> bool:
    return (criteria_set.in_force_from <= dt.date(year, 12, 31)
            and (criteria_set.in_force_until is None or criteria_set.in_force_until >= dt.date(year, 1, 1)))


@transaction.atomic
def do_start_evaluation(unit: Unit, year: int, criteria_set: CriteriaSet, *, user=None, group: str = "",
                        note: str = "", channel: str = Channel.FORM) -> Evaluation:
    _check_writer(user, unit)
    if unit.level != UnitLevel.COMMUNE or criteria_set.level not in COMMUNE_LEVELS:
        raise Refused("Chỉ đánh giá xã theo bộ tiêu chí cấp xã.")
    if not set_applies(criteria_set, year):
        raise Refused(f"Bộ tiêu chí “{criteria_set.name}” không có hiệu lực trong năm {year}.")
    if criteria_set.province_id and not unit.code.startswith(criteria_set.province.code + "."):
        raise Refused("Bộ tiêu chí riêng của tỉnh khác.")
    if group and group not in {c for c, _ in criteria_set.groups or []}:
        raise Refused(f"Nhóm xã “{group}” không có trong bộ tiêu chí.")
    if criteria_set.groups and not group:
        raise Refused("Bộ tiêu chí này có ngưỡng theo nhóm xã: chọn nhóm xã.")
    locked = Evaluation.objects.filter(unit=unit, year=year, criteria_set__level=criteria_set.level,
                                       status=Workflow.APPROVED).exclude(criteria_set=criteria_set).first()
    if locked is not None:
        raise Refused(f"Năm {year} của {unit.name} đã có kết quả được duyệt và khóa theo “{locked.criteria_set}”; "
                      "không đánh giá lại theo phiên bản khác.")
    evaluation, created = Evaluation.objects.get_or_create(
        unit=unit, year=year, criteria_set=criteria_set, defaults={"group": group, "note": note})
    if created:
        log_change(user=user, channel=channel, action=Action.CREATE, obj=evaluation, old=None,
                   new=snapshot(evaluation, EVAL_FIELDS), unit_code=unit.code)
    return evaluation


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    from bacthang.lib.numbers import NumberError, parse_number

    try:
        return parse_number(value)
    except NumberError as e:
        raise Refused(str(e)) from e


@transaction.atomic
def do_save_results(evaluation: Evaluation, changes: dict, *, user=None, channel: str = Channel.FORM) -> int:
    """``changes``: {indicator id: {"number"|"yes"|"choice"|"status"|"note": value}}.  A value of
    an indicator read through the engine cannot be typed — only annotated.  Returns the
    number of results changed."""
    evaluation = Evaluation.objects.select_for_update().select_related("unit").get(pk=evaluation.pk)
    _check_writer(user, evaluation.unit)
    _check_editable(evaluation)
    indicators = {i.pk: i for i in CriterionIndicator.objects.filter(
        criterion__criteria_set_id=evaluation.criteria_set_id)}
    problems, changed = [], 0
    for ind_id, fields in changes.items():
        ind = indicators.get(int(ind_id))
        if ind is None:
            problems.append(f"Chỉ tiêu {ind_id} không thuộc bộ tiêu chí của lần đánh giá này.")
            continue
        if not isinstance(fields, dict):
            problems.append(f"Chỉ tiêu {ind.code}: cần các trường number, yes, choice, status, note.")
            continue
        bad = [k for k, v in fields.items()
               if (k in ("choice", "status", "note") and v is not None and not isinstance(v, str))
               or (k == "yes" and v not in (None, "", True, False))
               or (k == "number" and isinstance(v, (bool, list, dict)))]
        if bad:
            problems.append(f"Chỉ tiêu {ind.code}: giá trị không hợp lệ ở {', '.join(map(str, bad))}.")
            continue
        res, created = IndicatorResult.objects.get_or_create(evaluation=evaluation, indicator=ind)
        old = None if created else snapshot(res, RESULT_FIELDS)
        for key, value in fields.items():
            if key in ("number", "yes", "choice") and ind.computed:
                if value not in (None, ""):
                    problems.append(f"Chỉ tiêu {ind.code} lấy giá trị từ số liệu đã có ({ind.catalogue_code}); "
                                    "chỉ được ghi chú, không nhập đè.")
                continue
            if key == "number":
                if ind.kind != Kind.NUMBER and value not in (None, ""):
                    problems.append(f"Chỉ tiêu {ind.code} không nhập số.")
                    continue
                res.number = _decimal(value)
            elif key == "yes":
                res.yes = None if value in (None, "") else bool(value)
            elif key == "choice":
                value = value or ""
                if value and value not in (ind.choices or []):
                    problems.append(f"“{value}” không phải lựa chọn của chỉ tiêu {ind.code}.")
                    continue
                res.choice = value
            elif key == "status":
                if value not in Status.values:
                    problems.append(f"Kết quả “{value}” không hợp lệ.")
                    continue
                res.status = value
            elif key == "note":
                res.note = (value or "").strip()
        new = snapshot(res, RESULT_FIELDS)
        if created or old != new:
            res.save()
            changed += 1
            log_change(user=user, channel=channel, action=Action.CREATE if created else Action.UPDATE, obj=res,
                       old=old, new=new, unit_code=evaluation.unit.code)
    if problems:
        raise Refused(problems)
    return changed


def _transition(evaluation: Evaluation, user, channel, to: str, **fields) -> Evaluation:
    old = snapshot(evaluation, EVAL_FIELDS)
    evaluation.status = to
    for k, v in fields.items():
        setattr(evaluation, k, v)
    evaluation.save()
    log_change(user=user, channel=channel, action=Action.UPDATE, obj=evaluation, old=old,
               new=snapshot(evaluation, EVAL_FIELDS), unit_code=evaluation.unit.code)
    return evaluation


def _locked(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().select_related("unit", "criteria_set").get(pk=evaluation.pk)


@transaction.atomic
def do_submit(evaluation: Evaluation, *, user=None, channel: str = Channel.FORM) -> Evaluation:
    evaluation = _locked(evaluation)
    _check_writer(user, evaluation.unit)
    _check_editable(evaluation)
    return _transition(evaluation, user, channel, Workflow.SUBMITTED, submitted_at=timezone.now(),
                       submitted_by=None if _system(user) else user)


def _check_approver(user, evaluation: Evaluation) -> None:
    if not _system(user) and not can_approve(user, evaluation.unit):
        raise Refused(f"Bạn không có quyền duyệt kết quả đánh giá của {evaluation.unit.name}.")


@transaction.atomic
def do_approve(evaluation: Evaluation, *, user=None, channel: str = Channel.FORM) -> Evaluation:
    """Approve and lock the year; values read through the engine are frozen as approved."""
    evaluation = _locked(evaluation)
    _check_approver(user, evaluation)
    if evaluation.status != Workflow.SUBMITTED:
        raise Refused("Chỉ duyệt được kết quả đã nộp.")
    for row in (r for c in build_sheet(evaluation).criteria for r in c.indicators if r.computed):
        res, _ = IndicatorResult.objects.get_or_create(evaluation=evaluation, indicator=row.indicator)
        res.number, res.frozen_source, res.frozen = row.value, row.source, True
        res.save()
    return _transition(evaluation, user, channel, Workflow.APPROVED, approved_at=timezone.now(),
                       approved_by=None if _system(user) else user, return_reason="")


@transaction.atomic
def do_return(evaluation: Evaluation, reason: str, *, user=None, channel: str = Channel.FORM) -> Evaluation:
    evaluation = _locked(evaluation)
    _check_approver(user, evaluation)
    if evaluation.status != Workflow.SUBMITTED:
        raise Refused("Chỉ trả lại được kết quả đã nộp.")
    if not (reason or "").strip():
        raise Refused("Ghi lý do trả lại.")
    return _transition(evaluation, user, channel, Workflow.RETURNED, return_reason=reason.strip())


@transaction.atomic
def do_reopen(evaluation: Evaluation, reason: str, *, user, channel: str = Channel.FORM) -> Evaluation:
    """An administrator reopens an approved year (logged with the reason)."""
    evaluation = _locked(evaluation)
    if not is_admin(user):
        raise Refused("Chỉ quản trị hệ thống mở khóa được kết quả đã duyệt.")
    if evaluation.status != Workflow.APPROVED or not (reason or "").strip():
        raise Refused("Chỉ mở khóa kết quả đã duyệt, và phải ghi lý do.")
    IndicatorResult.objects.filter(evaluation=evaluation, frozen=True).update(frozen=False, frozen_source="")
    return _transition(evaluation, user, channel, Workflow.RETURNED, return_reason=reason.strip())


# --------------------------------------------------------------------------- evidence
def do_add_evidence(evaluation: Evaluation, name: str, data: bytes, *, user=None, indicator=None,
                    description: str = "", channel: str = Channel.FORM) -> Evidence:
    """Check the file first (``ruraldev.evidence``), then store it under a random name; a
    refused file leaves nothing behind, on disk or in the database."""
    evaluation = Evaluation.objects.select_related("unit").get(pk=evaluation.pk)
    _check_writer(user, evaluation.unit)
    _check_editable(evaluation)
    if indicator is not None and indicator.criterion.criteria_set_id != evaluation.criteria_set_id:
        raise Refused("Chỉ tiêu không thuộc bộ tiêu chí của lần đánh giá này.")
    try:
        ext, content_type = E.check_upload(name, data)
    except E.BadEvidence as e:
        raise Refused(str(e)) from e
    stored_name = None
    try:
        with transaction.atomic():
            ev = Evidence(evaluation=evaluation, indicator=indicator, original_name=name[:255],
                          content_type=content_type, size=len(data), description=description[:300],
                          uploaded_by=None if _system(user) else user)
            ev.file.save(f"{evaluation.pk}/{uuid.uuid4().hex}{ext}", ContentFile(data), save=False)
            stored_name = ev.file.name
            ev.save()
            log_change(user=user, channel=channel, action=Action.CREATE, obj=ev, old=None,
                       new=snapshot(ev, ["original_name", "content_type", "size", "description", "indicator"]),
                       unit_code=evaluation.unit.code)
    except Exception:
        if stored_name:
            Evidence._meta.get_field("file").storage.delete(stored_name)
        raise
    return ev


@transaction.atomic
def do_delete_evidence(ev: Evidence, *, user=None, channel: str = Channel.FORM) -> None:
    _check_writer(user, ev.evaluation.unit)
    _check_editable(ev.evaluation)
    old = snapshot(ev, ["original_name", "content_type", "size", "description", "indicator"])
    name = ev.file.name
    log_change(user=user, channel=channel, action=Action.DELETE, obj=ev, old=old, new=None,
               unit_code=ev.evaluation.unit.code)
    ev.delete()
    transaction.on_commit(lambda: Evidence._meta.get_field("file").storage.delete(name))


# --------------------------------------------------------------------------- recognition
REC_FIELDS = ["unit", "level", "decision_number", "decided_on", "criteria_set", "withdrawn_on",
              "withdrawal_decision", "withdrawal_reason", "source"]


@transaction.atomic
def do_recognise(unit: Unit, level: str, decision_number: str, decided_on: dt.date, *, user=None,
                 criteria_set: CriteriaSet | None = None, source: str = "",
                 channel: str = Channel.FORM) -> Recognition:
    if not _system(user) and not can_approve(user, unit):
        raise Refused(f"Bạn không có quyền ghi quyết định công nhận cho {unit.name}.")
    if not decision_number.strip():
        raise Refused("Ghi số quyết định công nhận.")
    rec, created = Recognition.objects.get_or_create(
        unit=unit, level=level, decision_number=decision_number.strip(),
        defaults={"decided_on": decided_on, "criteria_set": criteria_set, "source": source})
    if created:
        log_change(user=user, channel=channel, action=Action.CREATE, obj=rec, old=None,
                   new=snapshot(rec, REC_FIELDS), unit_code=unit.code)
    return rec


@transaction.atomic
def do_withdraw(rec: Recognition, withdrawn_on: dt.date, decision: str, reason: str = "", *, user=None,
                channel: str = Channel.FORM) -> Recognition:
    if not _system(user) and not can_approve(user, rec.unit):
        raise Refused(f"Bạn không có quyền thu hồi công nhận của {rec.unit.name}.")
    if rec.withdrawn_on:
        raise Refused("Danh hiệu này đã bị thu hồi.")
    if withdrawn_on < rec.decided_on:
        raise Refused("Ngày thu hồi trước ngày công nhận.")
    if not decision.strip():
        raise Refused("Ghi số quyết định thu hồi.")
    old = snapshot(rec, REC_FIELDS)
    rec.withdrawn_on, rec.withdrawal_decision, rec.withdrawal_reason = withdrawn_on, decision.strip(), reason
    rec.save()
    log_change(user=user, channel=channel, action=Action.UPDATE, obj=rec, old=old, new=snapshot(rec, REC_FIELDS),
               unit_code=rec.unit.code)
    return rec
