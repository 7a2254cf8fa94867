"""Every write of the collection app: save a draft, upload a workbook, submit,
approve, return, lock, reopen.  Views, commands, the demo loader and tests call these
functions; each checks the user's scope, validates, writes (values through
``datavalues.writing.do_set_values``) and audits in one transaction.

``user=None`` is the system itself (the demo loader); every surface passes a user.

Editing rule: a figure of a form can be changed only while no submission covering
it for the same unit and period is submitted, approved or locked (``guard_editable``);
every path built here (browser, Excel upload, CLI) goes through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from accounts.scope import can_approve, can_write, is_admin
from audit.models import Action, Channel
from audit.recording import log_change, snapshot
from bacthang.lib.numbers import NumberError, format_number, parse_number
from datavalues.writing import FigureChange, WriteRefused, WriteSummary, do_set_values
from periods.models import Period
from units.models import Unit

from .layout import FormData, FormLayout
from .models import EDITABLE, EventAction, FormRow, ReportForm, Status, Submission, SubmissionEvent
from .rules import Key, Violation

# A negative figure of an indicator that cannot be negative (the entry page's script shows the same).
NEGATIVE = "giá trị âm ({value}) không hợp lệ ({measure})."

AUDIT_FIELDS = ["status", "comment", "return_reason", "submitted_at", "submitted_by", "approved_at", "approved_by",
                "locked_at", "form_version", "warnings"]


class ActionRefused(Exception):
    """Nothing was done.  ``messages`` are Vietnamese; ``cells`` maps a figure to its problem."""

    def __init__(self, messages: list[str], cells: dict[Key, str] | None = None,
                 violations: list[Violation] | None = None):
        self.messages = list(messages)
        self.cells = cells or {}
        self.violations = violations or []
        super().__init__("\n".join(self.messages))


def _refuse(message: str):
    raise ActionRefused([message])


# ---------------------------------------------------------------------------- checks
def check_target(form: ReportForm, unit: Unit, period: Period) -> None:
    """The form is reported by this unit for this period; raises ActionRefused."""
    if not form.is_active:
        _refuse(f"Biểu {form.code} không còn được sử dụng.")
    if period.period_type != form.period_type:
        _refuse(f"Biểu {form.code} báo cáo theo kỳ loại '{form.get_period_type_display().lower()}'; "
                f"kỳ {period.code} không phù hợp.")
    if not form.applies_to(unit):
        _refuse(f"{unit.name} ({unit.code}) không thuộc đối tượng báo cáo của biểu {form.code} "
                f"({form.get_level_display().lower()}"
                + (f", địa bàn {form.root_unit.name}" if form.root_unit else "") + ").")
    if not unit.is_valid_during(period.start, period.end):
        _refuse(f"{unit.name} ({unit.code}) không tồn tại trong kỳ {period.code}.")


def _can_write(user, unit: Unit) -> bool:
    return user is None or can_write(user, unit)


def _can_approve(user, unit: Unit) -> bool:
    return user is None or can_approve(user, unit)


def submission_for(form: ReportForm, unit: Unit, period: Period, create: bool = False) -> Submission | None:
    sub = Submission.objects.filter(form=form, unit=unit, period=period).first()
    if sub is None and create:
        sub, _ = Submission.objects.get_or_create(form=form, unit=unit, period=period,
                                                  defaults={"form_version": form.version})
    return sub


def lock_submission(form: ReportForm, unit: Unit, period: Period) -> Submission:
    """The submission of (form, unit, period), created as a draft if needed and locked for the
    rest of the transaction, so a save and a submit of the same report cannot interleave."""
    sub = submission_for(form, unit, period, create=True)
    if connection.features.has_select_for_update:
        sub = Submission.objects.select_for_update().select_related("form", "unit", "period").get(pk=sub.pk)
    return sub


def _relock(sub: Submission) -> Submission:
    """Reload ``sub`` under a row lock (inside the caller's transaction) before a transition."""
    if connection.features.has_select_for_update:
        list(Submission.objects.select_for_update().filter(pk=sub.pk).values_list("pk"))
    sub.refresh_from_db()
    return sub


def locked_keys(unit_ids: list[int], period: Period) -> dict[tuple[int, Key], Submission]:
    """(unit id, figure) → the submitted, approved or locked submission that covers it."""
    subs = list(Submission.objects.filter(unit_id__in=unit_ids, period=period).exclude(status__in=EDITABLE)
                .select_related("form"))
    if not subs:
        return {}
    rows = FormRow.objects.filter(form_id__in={s.form_id for s in subs}).select_related("indicator") \
        .prefetch_related("options")
    keys_by_form: dict[int, list[Key]] = {}
    for r in rows:
        ks = keys_by_form.setdefault(r.form_id, [])
        ks.append((r.indicator.code, None))
        ks.extend((r.indicator.code, o.code) for o in r.options.all())
    out = {}
    for s in subs:
        for k in keys_by_form.get(s.form_id, []):
            out.setdefault((s.unit_id, k), s)
    return out


def refuse_locked_changes(changes) -> list[tuple[int, str]]:
    """Write guard for every channel (file import, admin, API, forms): a figure of a report
    that is submitted, approved or locked cannot change until it is returned or reopened."""
    by_period: dict[int, list] = {}
    for index, ch in changes:
        by_period.setdefault(ch.period.pk, []).append((index, ch))
    if not Submission.objects.filter(unit_id__in={ch.unit.pk for _, ch in changes}, period_id__in=by_period) \
            .exclude(status__in=EDITABLE).exists():
        return []  # the usual case, in one query: nothing of these units and periods is locked
    problems = []
    for items in by_period.values():
        period = items[0][1].period
        locked = locked_keys(list({ch.unit.pk for _, ch in items}), period)
        if not locked:
            continue
        for index, ch in items:
            sub = locked.get((ch.unit.pk, (ch.indicator.code, ch.option.code if ch.option else None)))
            if sub is not None:
                problems.append((index, f"{ch.label()}: {lock_message(sub)}"))
    return problems


def lock_message(sub: Submission) -> str:
    return (f"Số liệu đã nằm trong báo cáo {sub.form.code} của {sub.unit.name} kỳ {sub.period.code} "
            f"({sub.get_status_display().lower()}); không sửa được. Cần cấp duyệt trả lại hoặc quản trị mở lại.")


def guard_editable(form: ReportForm, unit: Unit, period: Period, keys: list[Key]) -> dict[Key, str]:
    """Problems (figure → message) for figures that may not be changed now."""
    sub = submission_for(form, unit, period)
    if sub is not None and not sub.editable:
        return {k: lock_message(sub) for k in keys} or {("", None): lock_message(sub)}
    locked = locked_keys([unit.pk], period)
    return {k: lock_message(locked[(unit.pk, k)]) for k in keys if (unit.pk, k) in locked}


# ---------------------------------------------------------------------------- saving values
@dataclass
class CellInput:
    """One cell as posted by the entry page."""

    key: Key
    text: str
    original: str | None = None  # the text shown when the page was loaded; unchanged cells are skipped
    version: int | None = None  # the version seen when the page was loaded (0: no value then)


@dataclass
class SaveResult:
    summary: WriteSummary
    submission: Submission
    changed_keys: list[Key] = field(default_factory=list)


def parse_cells(layout: FormLayout, inputs: list[CellInput]) -> tuple[dict[Key, Decimal | None], dict[Key, str]]:
    values, errors = {}, {}
    for ci in inputs:
        cell = layout.by_key.get(ci.key)
        if cell is None:
            errors[ci.key] = f"Ô {ci.key[0]} {ci.key[1] or ''} không thuộc biểu {layout.form.code}."
            continue
        text = (ci.text or "").strip()
        if ci.original is not None and text == ci.original.strip():
            continue
        if not text:
            values[ci.key] = None
            continue
        try:
            value = parse_number(text)
        except NumberError as e:
            errors[ci.key] = f"{cell.label}: {e}"
            continue
        if cell.indicator.non_negative and value < 0:
            errors[ci.key] = f"{cell.label}: " + NEGATIVE.format(value=format_number(value),
                                                                 measure=cell.indicator.measure)
            continue
        values[ci.key] = value
    return values, errors


def do_save_values(form: ReportForm, unit: Unit, period: Period, inputs: list[CellInput], *, user,
                   channel: str = Channel.FORM, reason: str = "") -> SaveResult:
    """Save the typed cells of a draft; raises ActionRefused (nothing written) with per-cell messages."""
    if not _can_write(user, unit):
        _refuse(f"Bạn không có quyền nhập số liệu cho {unit.name}.")
    check_target(form, unit, period)
    layout = FormLayout(form)
    values, errors = parse_cells(layout, inputs)
    if errors:
        raise ActionRefused(["Có ô không hợp lệ; chưa lưu gì. Sửa các ô được đánh dấu rồi lưu lại."], errors)
    data = FormData(form, period, [unit], layout)
    versions = {ci.key: ci.version for ci in inputs}
    changes, keys = [], []
    for key, value in values.items():
        stored = data.stored(unit, key)
        if value is None and stored is None:
            continue
        if value is not None and stored is not None and stored.value.compare(value) == 0:
            continue
        cell = layout.by_key[key]
        changes.append(FigureChange(cell.indicator, cell.option, unit, period, value,
                                    expected_version=versions.get(key)))
        keys.append(key)
    with transaction.atomic():
        sub = lock_submission(form, unit, period)
        locked = guard_editable(form, unit, period, keys)
        if locked:
            raise ActionRefused(sorted(set(locked.values())), {k: m for k, m in locked.items() if k[0]})
        try:
            summary = do_set_values(changes, user=user, channel=channel,
                                    reason=reason or f"Biểu {form.code} kỳ {period.code}") \
                if changes else WriteSummary()
        except WriteRefused as e:
            cells = {keys[i]: m for i, m in e.problems}
            raise ActionRefused([m for _, m in e.problems], cells) from e
    return SaveResult(summary, sub, keys)


# ---------------------------------------------------------------------------- workflow
def _transition(sub: Submission, *, user, action: str, to: str, reason: str = "", at: dt.datetime | None = None,
                channel: str = Channel.FORM, **fields) -> Submission:
    at = at or timezone.now()
    before = snapshot(sub, AUDIT_FIELDS)
    from_status = sub.status
    sub.status = to
    for name, value in fields.items():
        setattr(sub, name, value)
    sub.save()
    SubmissionEvent.objects.create(submission=sub, at=at, user=user if user is not None and user.pk else None,
                                   action=action, from_status=from_status, to_status=to, reason=reason)
    log_change(user=user, channel=channel, action=Action.UPDATE, obj=sub, old=before,
               new=snapshot(sub, AUDIT_FIELDS), unit_code=sub.unit.code,
               reason=f"{EventAction(action).label}: {sub.form.code} {sub.period.code}"
                      + (f" — {reason}" if reason else ""))
    return sub


def check_submission(form: ReportForm, unit: Unit, period: Period) -> list[Violation]:
    return FormData(form, period, [unit]).check(unit)


@transaction.atomic
def do_submit(form: ReportForm, unit: Unit, period: Period, *, user, comment: str = "",
              at: dt.datetime | None = None, channel: str = Channel.FORM) -> Submission:
    """Submit the report: errors block it, warnings need a comment (giải trình)."""
    if not _can_write(user, unit):
        _refuse(f"Bạn không có quyền nộp báo cáo của {unit.name}.")
    check_target(form, unit, period)
    sub = lock_submission(form, unit, period)
    if not sub.editable:
        _refuse(f"Báo cáo {sub.get_status_display().lower()}, không nộp lại được.")
    violations = check_submission(form, unit, period)
    errors = [v for v in violations if v.is_error]
    warnings = [v for v in violations if not v.is_error]
    if errors:
        raise ActionRefused([f"Chưa nộp được: {len(errors)} lỗi phải sửa trước."] + [v.message for v in errors],
                            violations=violations)
    comment = (comment or "").strip()
    if warnings and not comment:
        raise ActionRefused([f"Có {len(warnings)} cảnh báo: hãy ghi giải trình rồi nộp lại."]
                            + [v.message for v in warnings], violations=violations)
    return _transition(sub, user=user, action=EventAction.SUBMIT, to=Status.SUBMITTED, reason=comment, at=at,
                       channel=channel, comment=comment, submitted_at=at or timezone.now(),
                       submitted_by=user if user is not None and user.pk else None, warnings=len(warnings),
                       return_reason="", form_version=form.version)


@transaction.atomic
def do_approve(sub: Submission, *, user, at: dt.datetime | None = None) -> Submission:
    _relock(sub)
    if not _can_approve(user, sub.unit):
        _refuse(f"Bạn không có quyền duyệt báo cáo của {sub.unit.name}.")
    if sub.status != Status.SUBMITTED:
        _refuse(f"Chỉ duyệt được báo cáo đã nộp (hiện: {sub.get_status_display().lower()}).")
    at = at or timezone.now()
    return _transition(sub, user=user, action=EventAction.APPROVE, to=Status.APPROVED, at=at, approved_at=at,
                       approved_by=user if user is not None and user.pk else None)


@transaction.atomic
def do_return(sub: Submission, *, user, reason: str, at: dt.datetime | None = None) -> Submission:
    _relock(sub)
    if not _can_approve(user, sub.unit):
        _refuse(f"Bạn không có quyền trả lại báo cáo của {sub.unit.name}.")
    if sub.status not in (Status.SUBMITTED, Status.APPROVED):
        _refuse(f"Chỉ trả lại được báo cáo đã nộp hoặc đã duyệt (hiện: {sub.get_status_display().lower()}).")
    reason = (reason or "").strip()
    if not reason:
        _refuse("Hãy ghi lý do trả lại.")
    return _transition(sub, user=user, action=EventAction.RETURN, to=Status.RETURNED, reason=reason, at=at,
                       return_reason=reason, approved_at=None, approved_by=None)


@transaction.atomic
def do_lock(sub: Submission, *, user, at: dt.datetime | None = None) -> Submission:
    _relock(sub)
    if not _can_approve(user, sub.unit):
        _refuse(f"Bạn không có quyền khóa báo cáo của {sub.unit.name}.")
    if sub.status != Status.APPROVED:
        _refuse(f"Chỉ khóa được báo cáo đã duyệt (hiện: {sub.get_status_display().lower()}).")
    at = at or timezone.now()
    return _transition(sub, user=user, action=EventAction.LOCK, to=Status.LOCKED, at=at, locked_at=at)


@transaction.atomic
def do_reopen(sub: Submission, *, user, reason: str, at: dt.datetime | None = None) -> Submission:
    """An admin reopens a submitted, approved or locked report for editing; the reason is logged."""
    _relock(sub)
    if user is not None and not is_admin(user):
        _refuse("Chỉ quản trị hệ thống được mở lại báo cáo.")
    if sub.status == Status.DRAFT:
        _refuse("Báo cáo đang nhập, không cần mở lại.")
    reason = (reason or "").strip()
    if not reason:
        _refuse("Hãy ghi lý do mở lại (được lưu vào nhật ký).")
    return _transition(sub, user=user, action=EventAction.REOPEN, to=Status.DRAFT, reason=reason, at=at,
                       approved_at=None, approved_by=None, locked_at=None)
