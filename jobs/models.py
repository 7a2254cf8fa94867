from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class Job(models.Model):
    """A piece of work done in the background (jobs/runner.py), with its state shown to the
    user who asked for it.  Its files (the upload it reads, the file it produces) live in
    ``var/jobs/<id>/``; the upload is deleted once the job has run, whatever the outcome."""

    kind = models.CharField(_("loại việc"), max_length=32)
    title = models.CharField(_("tên việc"), max_length=200)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    input_name = models.CharField(_("tệp đầu vào"), max_length=200, blank=True)
    result_name = models.CharField(_("tệp kết quả"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"),
                                   on_delete=models.CASCADE, related_name="jobs")
    created_at = models.DateTimeField(_("lúc yêu cầu"), auto_now_add=True)
    started_at = models.DateTimeField(_("lúc bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in (State.DONE, State.FAILED)

    def folder(self) -> Path:
        return Path(settings.VAR_DIR) / "jobs" / str(self.pk)

    def input_path(self) -> Path:
        return self.folder() / "input"

    def result_path(self) -> Path:
        return self.folder() / "result"
