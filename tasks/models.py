"""Offices and the plan tasks assigned to them.

* An **office** (cơ quan, đơn vị) is a record on an administrative unit: a province
  department (Sở), a city office (Phòng Kinh tế), a centre, a commune's people's
  committee.  Offices live here, in the tasks app, because tasks are what they are
  for; users belong to offices through ``OfficeMember``.
* Offices survive the 2025 reform like units do: an office on a unit that ended on
  30/06/2025 ends too (``valid_to``) and ``OfficeSuccession`` records where its work
  went (the province department, the new commune's committee).  The open tasks of a
  predecessor are its successor's tasks (``tasks.scope.my_offices``).
* A **task** comes from a document (a programme or plan of ``programmes``, or another
  document named in ``document``), sits in one of its sections, has a lead office,
  supporting offices, the units it concerns, optional links to indicators and targets,
  and a deadline or a recurrence.
* Its status history is its ``TaskUpdate`` rows (chưa thực hiện, đang thực hiện, hoàn
  thành), each with a dated progress note and optional evidence.  "Quá hạn" is never
  stored: a task is overdue on a day when it has a deadline before that day and is not
  complete on that day (``Task.is_overdue``, ``overdue_q``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    DEPARTMENT = "so", _("Sở, ban, ngành")
    OFFICE = "phong", _("Phòng chuyên môn")
    CENTRE = "trung_tam", _("Trung tâm, đơn vị sự nghiệp")
    COMMITTEE = "ubnd", _("Ủy ban nhân dân")
    OTHER = "khac", _("Cơ quan, tổ chức khác")


class Office(models.Model):
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=OfficeKind.choices, default=OfficeKind.OFFICE)
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    aliases = models.CharField(_("tên gọi khác"), max_length=500, blank=True,
                               help_text=_("Các tên khác trong văn bản, cách nhau bởi dấu ;"))
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="OfficeMember", verbose_name=_("thành viên"),
                                     related_name="offices", blank=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["unit__code", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="office_unique_name_per_unit")]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class OfficeMember(models.Model):
    office = models.ForeignKey(Office, verbose_name=_("cơ quan"), on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("thành viên cơ quan")
        verbose_name_plural = _("thành viên cơ quan")
        constraints = [models.UniqueConstraint(fields=["office", "user"], name="office_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.office}"


class OfficeSuccession(models.Model):
    """The work of ``predecessor`` moved to ``successor`` on ``effective_date`` (the 2025 reform)."""

    predecessor = models.ForeignKey(Office, verbose_name=_("cơ quan cũ"), on_delete=models.CASCADE,
                                    related_name="successions")
    successor = models.ForeignKey(Office, verbose_name=_("cơ quan kế nhiệm"), on_delete=models.CASCADE,
                                  related_name="predecessions")
    effective_date = models.DateField(_("ngày hiệu lực"), default=dt.date(2025, 7, 1))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế nhiệm cơ quan")
        verbose_name_plural = _("kế nhiệm cơ quan")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="office_succession_unique")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Recurrence(models.TextChoices):
    ONCE = "", _("Một lần (theo hạn)")
    YEARLY = "hang_nam", _("Hằng năm")
    QUARTERLY = "hang_quy", _("Hằng quý")
    REGULAR = "thuong_xuyen", _("Thường xuyên")


class Status(models.TextChoices):
    NOT_STARTED = "chua", _("Chưa thực hiện")
    IN_PROGRESS = "dang", _("Đang thực hiện")
    DONE = "xong", _("Hoàn thành")


OVERDUE_LABEL = _("Quá hạn")


class Task(models.Model):
    reference = models.CharField(_("mã nhiệm vụ"), max_length=64, unique=True,
                                 help_text=_("Mã do người nhập đặt, để nhập lại tệp không tạo trùng."))
    programme = models.ForeignKey("programmes.Programme", verbose_name=_("chương trình, kế hoạch"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="tasks")
    document = models.CharField(_("văn bản giao nhiệm vụ"), max_length=255, blank=True,
                                help_text=_("Khi nhiệm vụ đến từ văn bản khác (báo cáo, thông báo kết luận)."))
    section = models.CharField(_("mục"), max_length=255, blank=True)
    text = models.TextField(_("nội dung nhiệm vụ"))
    lead = models.ForeignKey(Office, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT,
                             related_name="led_tasks")
    supporting = models.ManyToManyField(Office, verbose_name=_("cơ quan phối hợp"), blank=True,
                                        related_name="supported_tasks")
    units = models.ManyToManyField("units.Unit", verbose_name=_("địa bàn liên quan"), blank=True, related_name="+")
    indicators = models.ManyToManyField("indicators.Indicator", verbose_name=_("chỉ tiêu liên quan"), blank=True,
                                        related_name="+")
    targets = models.ManyToManyField("programmes.Target", verbose_name=_("mục tiêu liên quan"), blank=True,
                                     related_name="+")
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    recurrence = models.CharField(_("lặp lại"), max_length=16, choices=Recurrence.choices, blank=True,
                                  default=Recurrence.ONCE)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.NOT_STARTED,
                              help_text=_("Trạng thái của lần cập nhật gần nhất."))
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["programme__code", "sort_order", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    def is_overdue(self, day: dt.date | None = None) -> bool:
        day = day or dt.date.today()
        return self.deadline is not None and self.deadline < day and self.status != Status.DONE

    def status_label(self, day: dt.date | None = None) -> str:
        return str(OVERDUE_LABEL) if self.is_overdue(day) else self.get_status_display()

    @property
    def css(self) -> str:
        return "overdue" if self.is_overdue() else {"chua": "missing", "dang": "pending", "xong": "done"}[self.status]

    def due_text(self) -> str:
        if self.deadline:
            return self.deadline.strftime("%d/%m/%Y")
        return self.get_recurrence_display() if self.recurrence else ""


def overdue_q(day: dt.date, prefix: str = "") -> Q:
    """Tasks overdue on ``day`` (the one rule, as a filter)."""
    return Q(**{f"{prefix}deadline__lt": day}) & ~Q(**{f"{prefix}status": Status.DONE})


ALLOWED_EVIDENCE = {  # extension → (content type, the file's first bytes)
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


class TaskUpdate(models.Model):
    """One entry of a task's status history: the status from ``on``, a progress note, optional evidence."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("ngày"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices)
    note = models.TextField(_("kết quả, tiến độ"), blank=True)
    evidence = models.BinaryField(_("tài liệu minh chứng"), null=True, blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_type = models.CharField(_("loại tệp"), max_length=128, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("cập nhật nhiệm vụ")
        verbose_name_plural = _("cập nhật nhiệm vụ")
        ordering = ["task", "on", "id"]

    def __str__(self) -> str:
        return f"{self.task.reference} {self.on:%d/%m/%Y}: {self.get_status_display()}"
