"""The one write path of notes and statements: validate, save, audit — in one transaction."""

from __future__ import annotations

from django.db import transaction

from audit.models import Action
from audit.recording import log_change, snapshot
from collection.rules import Catalogue, RuleError, compile_expression

from .models import Note, Statement

NOTE_FIELDS = ["unit", "period", "date", "kind", "topic", "text", "source", "is_placeholder"]
STATEMENT_FIELDS = ["unit", "period", "label", "left", "value", "measure", "right", "base", "base_period",
                    "multiple", "decimals", "quote", "source"]


class NoteRefused(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _check_statement(obj: Statement) -> None:
    cat = Catalogue()
    problems = []
    for name, text in (("biểu thức", obj.left), ("biểu thức so sánh", obj.right), ("số gốc", obj.base)):
        if not text:
            continue
        try:
            compile_expression(text, cat)
        except RuleError as e:
            problems.append(f"{name.capitalize()} không hợp lệ: {e}")
    if not obj.left:
        problems.append("Chưa nhập biểu thức.")
    if obj.value is None and not obj.right and obj.multiple is None:
        problems.append("Cần số văn bản ghi, biểu thức so sánh hoặc số lần.")
    if obj.multiple is not None and not obj.base:
        problems.append("Văn bản ghi «gấp … lần» cần số gốc.")
    if problems:
        raise NoteRefused(problems)


def _save(obj, fields: list[str], *, user, channel: str, reason: str):
    with transaction.atomic():
        old = None
        if obj.pk:
            before = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
            old = snapshot(before, fields) if before is not None else None
        obj.save()
        log_change(user=user, channel=channel, action=Action.UPDATE if old else Action.CREATE, obj=obj, old=old,
                   new=snapshot(obj, fields), unit_code=obj.unit.code, reason=reason)
    return obj


def do_save_statement(obj: Statement, *, user=None, channel: str, reason: str = "") -> Statement:
    _check_statement(obj)
    return _save(obj, STATEMENT_FIELDS, user=user, channel=channel, reason=reason)


def do_save_note(obj: Note, *, user=None, channel: str, reason: str = "") -> Note:
    if not (obj.text or "").strip():
        raise NoteRefused(["Chưa nhập nội dung ghi chép."])
    return _save(obj, NOTE_FIELDS, user=user, channel=channel, reason=reason)


def do_delete(obj, *, user=None, channel: str, reason: str = "") -> None:
    fields = NOTE_FIELDS if isinstance(obj, Note) else STATEMENT_FIELDS
    with transaction.atomic():
        log_change(user=user, channel=channel, action=Action.DELETE, obj=obj, old=snapshot(obj, fields), new=None,
                   unit_code=obj.unit.code, reason=reason)
        obj.delete()
