"""The one write path of offices and tasks: validate, save, audit — in one transaction.

Views, the import command and the demo loader all call these functions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.models import Action
from audit.recording import log_change, snapshot

from .models import ALLOWED_EVIDENCE, MAX_EVIDENCE_BYTES, Office, OfficeSuccession, Status, Task, TaskUpdate


class Refused(Exception):
    """A change refused with Vietnamese reasons; nothing was written."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


def _snap(obj) -> dict:
    data = snapshot(obj)
    if isinstance(obj, TaskUpdate):
        data.pop("evidence", None)  # the file itself stays out of the audit trail; its name is kept
    return data


def _audit(obj, old, *, user, channel, action, unit_code="") -> None:
    log_change(user=user, channel=channel, action=action, obj=obj, old=old, new=_snap(obj), unit_code=unit_code)


@transaction.atomic
def do_save_office(*, user, channel: str, unit, name: str, **fields) -> Office:
    """Create an office or change one found by (unit, name); nothing written when nothing changes."""
    name = " ".join((name or "").split())
    if not name:
        raise Refused("Cần ghi tên cơ quan, đơn vị.")
    office = Office.objects.filter(unit=unit, name=name).first()
    old = _snap(office) if office else None
    office = office or Office(unit=unit, name=name)
    for k, v in fields.items():
        setattr(office, k, v)
    if office.valid_from and office.valid_to and office.valid_to < office.valid_from:
        raise Refused(f"{name}: ngày kết thúc hoạt động trước ngày bắt đầu.")
    if old is not None and old == _snap(office):
        return office
    office.save()
    _audit(office, old, user=user, channel=channel, action=Action.UPDATE if old else Action.CREATE,
           unit_code=unit.code)
    return office


@transaction.atomic
def do_record_succession(*, user, channel: str, predecessor: Office, successor: Office,
                         effective_date: dt.date | None = None, note: str = "") -> OfficeSuccession:
    if predecessor.pk == successor.pk:
        raise Refused("Cơ quan không thể kế nhiệm chính nó.")
    s, created = OfficeSuccession.objects.get_or_create(
        predecessor=predecessor, successor=successor,
        defaults={"effective_date": effective_date or dt.date(2025, 7, 1), "note": note})
    if created:
        _audit(s, None, user=user, channel=channel, action=Action.CREATE, unit_code=predecessor.unit.code)
    return s


TASK_FIELDS = ("programme", "document", "section", "text", "lead", "deadline", "recurrence", "sort_order")


@transaction.atomic
def do_save_task(*, user, channel: str, reference: str, supporting=(), units=(), indicators=(), targets=(),
                 **fields) -> tuple[Task, bool]:
    """Create or change the task ``reference`` (an import of the same file twice changes nothing).
    Returns the task and whether anything changed."""
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise Refused("Không có trường: " + ", ".join(sorted(unknown)))
    problems = []
    if not (fields.get("text") or "").strip():
        problems.append("Cần ghi nội dung nhiệm vụ.")
    if fields.get("lead") is None:
        problems.append("Cần ghi cơ quan chủ trì.")
    if fields.get("deadline") and fields.get("recurrence"):
        problems.append("Nhiệm vụ có hạn hoàn thành thì không ghi lặp lại (hoặc ngược lại).")
    if problems:
        raise Refused(problems)
    task = Task.objects.filter(reference=reference).first()
    old = _task_state(task) if task else None
    task = task or Task(reference=reference)
    for k, v in fields.items():
        setattr(task, k, v)
    task.save()
    task.supporting.set(supporting)
    task.units.set(units)
    task.indicators.set(indicators)
    task.targets.set(targets)
    new = _task_state(task)
    if new == old:
        return task, False
    log_change(user=user, channel=channel, action=Action.UPDATE if old else Action.CREATE, obj=task, old=old,
               new=new, unit_code=task.lead.unit.code)
    return task, True


def _task_state(task: Task) -> dict:
    data = _snap(task)
    data["supporting"] = sorted(task.supporting.values_list("pk", flat=True))
    data["units"] = sorted(task.units.values_list("pk", flat=True))
    data["indicators"] = sorted(task.indicators.values_list("pk", flat=True))
    data["targets"] = sorted(task.targets.values_list("pk", flat=True))
    return data


def check_evidence(upload) -> tuple[bytes, str, str] | None:
    """The bytes, name and content type of an evidence file, or a Vietnamese refusal: at most
    5 MB, of the allowed kinds, with contents that match the extension."""
    if upload is None:
        return None
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_EVIDENCE:
        raise Refused("Tài liệu minh chứng phải là tệp PDF, ảnh JPG/PNG, Word (.docx) hoặc Excel (.xlsx).")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_EVIDENCE_BYTES:
        raise Refused("Tài liệu minh chứng quá lớn (tối đa 5 MB).")
    data = upload.read(MAX_EVIDENCE_BYTES + 1)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise Refused("Tài liệu minh chứng quá lớn (tối đa 5 MB).")
    if not data:
        raise Refused("Tài liệu minh chứng là tệp rỗng.")
    content_type, magics = ALLOWED_EVIDENCE[ext]
    if not any(data.startswith(m) for m in magics):
        raise Refused(f"Nội dung tệp {name} không đúng định dạng .{ext}.")
    return data, name, content_type


@transaction.atomic
def do_update_task(task: Task, *, user, channel: str, on: dt.date, status: str, note: str = "",
                   evidence=None, check=None) -> TaskUpdate:
    """Add a dated status with its progress note (and optional evidence) to the task's history.
    ``check(user, task)`` is the permission rule (``tasks.scope.can_update``) for signed-in users."""
    if user is not None and check is not None and not check(user, task):
        raise PermissionDenied("Bạn không có quyền cập nhật nhiệm vụ này.")
    problems = []
    if status not in Status.values:
        problems.append("Trạng thái không hợp lệ (quá hạn do hệ thống tự tính theo hạn, không chọn được).")
    if on is None:
        problems.append("Cần ghi ngày cập nhật.")
    elif on > dt.date.today():
        problems.append("Ngày cập nhật không được sau hôm nay.")
    if status == Status.DONE and not (note or "").strip():
        problems.append("Nhiệm vụ hoàn thành cần ghi kết quả thực hiện.")
    if problems:
        raise Refused(problems)
    file = check_evidence(evidence)
    task = Task.objects.select_for_update().get(pk=task.pk)
    update = TaskUpdate(task=task, on=on, status=status, note=(note or "").strip(),
                        user=user if getattr(user, "pk", None) else None)
    if file:
        update.evidence, update.evidence_name, update.evidence_type = file
    update.save()
    _audit(update, None, user=user, channel=channel, action=Action.CREATE, unit_code=task.lead.unit.code)
    latest = task.updates.order_by("-on", "-id").first()
    if latest.status != task.status:
        old = _snap(task)
        task.status = latest.status
        task.save(update_fields=["status"])
        _audit(task, old, user=user, channel=channel, action=Action.UPDATE, unit_code=task.lead.unit.code)
    return update
