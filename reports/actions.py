"""The one write path of the reports app: report texts and uploaded templates.

Views, the admin and commands call these functions; each validates, saves and
writes the audit trail in one transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from audit.models import Action
from audit.recording import log_change, snapshot

from .kinds import is_sticky, section_keys, sections
from .models import ReportKind, ReportTemplate, ReportText
from .rendering import TemplateInvalid, validate_template

MAX_TEXT = 20000
TEMPLATE_FIELDS = ["kind", "filename", "sha256", "size", "uploaded_by"]


class TextRefused(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class TextSummary:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def _clean(text: str) -> str:
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def do_set_report_texts(kind: str, unit, period, texts: dict[str, str], *, user=None, channel: str,
                        expected_versions: dict[str, int] | None = None, reason: str = "") -> TextSummary:
    """Write the text sections of one report.  An empty text deletes a non-sticky
    section (it falls back to nothing) but is kept for a sticky one (an emptied
    issuing-body line must stay empty next month)."""
    kind = ReportKind(kind)
    allowed = section_keys(kind)
    problems = [f"Mục '{key}' không thuộc loại báo cáo này." for key in texts if key not in allowed]
    cleaned = {k: _clean(v) for k, v in texts.items() if k in allowed}
    problems += [f"Mục '{k}' quá dài (tối đa {MAX_TEXT} ký tự)." for k, v in cleaned.items() if len(v) > MAX_TEXT]
    choices = {s.key: {c for c, _ in s.choices} for s in sections(kind) if s.choices}
    problems += [f"Mục '{k}': giá trị '{v}' không có trong danh sách chọn." for k, v in cleaned.items()
                 if k in choices and v and v not in choices[k]]
    if problems:
        raise TextRefused(problems)
    summary = TextSummary()
    with transaction.atomic():
        existing = {t.section: t for t in ReportText.objects.select_for_update().filter(
            kind=kind, unit=unit, period=period, section__in=list(cleaned))}
        for key, text in cleaned.items():
            old = existing.get(key)
            expected = (expected_versions or {}).get(key)
            if expected is not None and (old.version if old else 0) != expected:
                problems.append(f"Mục '{key}' đã được người khác sửa; hãy tải lại trang trước khi lưu.")
                continue
            if old is None:
                if not text and not is_sticky(kind, key):
                    summary.unchanged += 1
                    continue
                obj = ReportText.objects.create(kind=kind, unit=unit, period=period, section=key, text=text,
                                                updated_by=user if getattr(user, "pk", None) else None)
                log_change(user=user, channel=channel, action=Action.CREATE, obj=obj, old=None,
                           new=snapshot(obj, ["kind", "section", "text"]), unit_code=unit.code, reason=reason)
                summary.created += 1
                continue
            if not text and not is_sticky(kind, key):
                before = snapshot(old, ["kind", "section", "text"])
                log_change(user=user, channel=channel, action=Action.DELETE, obj=old, old=before, new=None,
                           unit_code=unit.code, reason=reason)
                old.delete()
                summary.deleted += 1
                continue
            if old.text == text:
                summary.unchanged += 1
                continue
            before = snapshot(old, ["kind", "section", "text"])
            old.text = text
            old.version += 1
            old.updated_by = user if getattr(user, "pk", None) else None
            old.save()
            log_change(user=user, channel=channel, action=Action.UPDATE, obj=old, old=before,
                       new=snapshot(old, ["kind", "section", "text"]), unit_code=unit.code, reason=reason)
            summary.updated += 1
        if problems:
            transaction.set_rollback(True)
            raise TextRefused(problems)
    return summary


def do_save_template(kind: str, filename: str, content: bytes, *, user=None, channel: str,
                     reason: str = "") -> ReportTemplate:
    """Validate an uploaded .docx and make it the template of ``kind``; raises TemplateInvalid."""
    kind = ReportKind(kind)
    name = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    if not name.lower().endswith(".docx"):
        raise TemplateInvalid(["Chỉ nhận tệp Word có đuôi .docx."])
    validate_template(kind, content)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        obj = ReportTemplate.objects.select_for_update().filter(kind=kind).first()
        before = snapshot(obj, TEMPLATE_FIELDS) if obj is not None else None
        if obj is None:
            obj = ReportTemplate(kind=kind)
        obj.filename, obj.content, obj.sha256, obj.size = name, content, digest, len(content)
        obj.uploaded_by = user if getattr(user, "pk", None) else None
        obj.save()
        log_change(user=user, channel=channel, action=Action.UPDATE if before else Action.CREATE, obj=obj,
                   old=before, new=snapshot(obj, TEMPLATE_FIELDS), reason=reason)
    return obj


def do_reset_template(kind: str, *, user=None, channel: str, reason: str = "") -> bool:
    """Remove the uploaded template of ``kind`` (the default is used again)."""
    with transaction.atomic():
        obj = ReportTemplate.objects.select_for_update().filter(kind=kind).first()
        if obj is None:
            return False
        log_change(user=user, channel=channel, action=Action.DELETE, obj=obj, old=snapshot(obj, TEMPLATE_FIELDS),
                   new=None, reason=reason)
        obj.delete()
    return True


def do_delete_report_text(obj: ReportText, *, user=None, channel: str, reason: str = "") -> None:
    """Delete one stored text section (a sticky one then falls back to earlier periods or defaults)."""
    with transaction.atomic():
        log_change(user=user, channel=channel, action=Action.DELETE, obj=obj,
                   old=snapshot(obj, ["kind", "section", "text"]), new=None, unit_code=obj.unit.code, reason=reason)
        obj.delete()


# ----------------------------------------------------------------------------- drafting and issuing

EDIT_FIELDS = ["kind", "programme", "key", "action", "text", "original"]
ISSUED_FIELDS = ["kind", "unit", "period", "programme", "number", "summary", "issued_on", "filename", "sha256"]


class IssueRefused(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class DraftEdit:
    key: str
    action: str  # "keep" (no edit: the system's sentence), "replace", "drop"
    text: str = ""
    original: str = ""


def do_save_edits(kind: str, unit, period, programme: str, edits: list[DraftEdit], *, user=None, channel: str,
                  reason: str = "") -> TextSummary:
    """Write a drafter's edits of one draft; "keep" removes an earlier edit."""
    from .models import EditAction, ReportEdit

    kind = ReportKind(kind)
    problems = []
    for e in edits:
        if e.action not in ("keep", *EditAction.values):
            problems.append(f"Thao tác '{e.action}' không hợp lệ.")
        if e.action == EditAction.REPLACE and not _clean(e.text):
            problems.append("Câu viết lại không được để trống (chọn «Bỏ câu» để bỏ).")
        if len(e.text or "") > MAX_TEXT:
            problems.append(f"Câu viết lại quá dài (tối đa {MAX_TEXT} ký tự).")
    if problems:
        raise TextRefused(problems)
    summary = TextSummary()
    with transaction.atomic():
        existing = {x.key: x for x in ReportEdit.objects.select_for_update().filter(
            kind=kind, unit=unit, period=period, programme=programme, key__in=[e.key for e in edits])}
        for e in edits:
            old = existing.get(e.key)
            if e.action == "keep":
                if old is not None:
                    log_change(user=user, channel=channel, action=Action.DELETE, obj=old,
                               old=snapshot(old, EDIT_FIELDS), new=None, unit_code=unit.code, reason=reason)
                    old.delete()
                    summary.deleted += 1
                else:
                    summary.unchanged += 1
                continue
            text = _clean(e.text) if e.action == EditAction.REPLACE else ""
            if old is not None and old.action == e.action and old.text == text:
                summary.unchanged += 1
                continue
            before = snapshot(old, EDIT_FIELDS) if old is not None else None
            obj = old or ReportEdit(kind=kind, unit=unit, period=period, programme=programme, key=e.key)
            obj.action, obj.text, obj.original = e.action, text, e.original
            obj.updated_by = user if getattr(user, "pk", None) else None
            obj.save()
            log_change(user=user, channel=channel, action=Action.UPDATE if before else Action.CREATE, obj=obj,
                       old=before, new=snapshot(obj, EDIT_FIELDS), unit_code=unit.code, reason=reason)
            if before:
                summary.updated += 1
            else:
                summary.created += 1
    return summary


def stored_edits(kind: str, unit, period, programme: str) -> dict:
    from .models import ReportEdit

    return {e.key: e for e in ReportEdit.objects.filter(kind=kind, unit=unit, period=period, programme=programme)}


def do_issue(report, *, user=None, channel: str, reason: str = ""):
    """Issue (ban hành) a report with the drafter's edits applied: refused while a paragraph
    still says a figure or text is missing; stores the final .docx and the figures it used."""
    from .docx_reading import docx_plain_text
    from .drafting import GAP, figure_snapshot, gaps
    from .models import IssuedReport
    from .rendering import render_docx

    left = gaps(report)
    if left:
        raise IssueRefused([f"Còn {len(left)} đoạn chưa có số liệu hoặc chưa viết; hãy nhập số liệu, viết lại "
                            "hoặc bỏ các đoạn đó trước khi ban hành:", *left[:20]])
    docx = render_docx(report, final=True)
    text = docx_plain_text(docx)
    found = GAP.search(text)
    if found:  # a template or a table still writing the gap: never issue it
        raise IssueRefused([f"Văn bản cuối còn chữ «{found.group(0)}»; hãy sửa nội dung hoặc mẫu văn bản."])
    programme = report.programme.code if report.programme is not None else ""
    with transaction.atomic():
        obj = IssuedReport.objects.create(
            kind=report.kind, unit=report.unit, period=report.period, programme=programme,
            number=report.header.get("so_ky_hieu", "") if (report.texts.get("so") or "").strip() else "",
            summary=report.summary[:1000], issued_on=report.date, issued_by=user if getattr(user, "pk", None)
            else None, filename=report.filename("docx"), docx=docx, sha256=hashlib.sha256(docx).hexdigest(),
            text=text, figures=figure_snapshot(report))
        log_change(user=user, channel=channel, action=Action.CREATE, obj=obj, old=None,
                   new=snapshot(obj, ISSUED_FIELDS), unit_code=report.unit.code, reason=reason)
    return obj
