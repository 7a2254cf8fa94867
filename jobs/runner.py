"""Background jobs: a job kind is a function registered with ``@kind("name")``; ``submit``
records a job and starts it; the state, progress and message are shown on the job's page.

Decision (documented in jobs/README.md): no broker.  A job is a database row; it runs

* in a thread of the web process when ``JOBS_IN_THREAD`` is on — the default with SQLite,
  the development database, so ``make run`` needs nothing more;
* otherwise in ``manage.py run_jobs`` (one process beside the web server, e.g. a systemd
  service), which claims queued jobs one at a time.  A job is claimed by a conditional
  UPDATE (queued → running), so two runners never run one job.

Progress is written to ``var/jobs/<id>/progress.json``, not to the database: the work of a
job (an import) runs inside one transaction, which would hide a progress row from the page
until the end.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import Job, State

logger = logging.getLogger(__name__)
KINDS: dict[str, Callable] = {}


class JobFailed(Exception):
    """The job could not do its work; the message (Vietnamese) is shown to the user; the
    optional ``details`` (every problem) becomes the result file."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


@dataclass
class Result:
    message: str
    file_name: str = ""
    content: bytes = b""


def kind(name: str):
    def register(fn):
        KINDS[name] = fn
        return fn

    return register


class Reporter:
    """What a job kind calls to say how far it is: ``report(40, "Đang ghi 400/1.000 …")``."""

    def __init__(self, job: Job):
        self.path = job.folder() / "progress.json"

    def __call__(self, percent: int, message: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"progress": max(0, min(100, int(percent))), "message": message}), "utf-8")
        tmp.replace(self.path)


def live(job: Job) -> tuple[int, str]:
    """The progress and message of a job, from its progress file while it runs."""
    if job.state == State.RUNNING:
        try:
            data = json.loads((job.folder() / "progress.json").read_text("utf-8"))
            return data["progress"], data["message"]
        except (OSError, ValueError, KeyError):
            pass
    return job.progress, job.message


def in_thread() -> bool:
    return getattr(settings, "JOBS_IN_THREAD", connection.vendor == "sqlite")


def submit(kind_name: str, title: str, user, params: dict | None = None, upload: bytes | None = None,
           input_name: str = "") -> Job:
    if kind_name not in KINDS:
        raise ValueError(f"unknown job kind {kind_name}")
    job = Job.objects.create(kind=kind_name, title=title, created_by=user, params=params or {},
                             input_name=input_name, message="Đang chờ đến lượt …")
    if upload is not None:
        job.folder().mkdir(parents=True, exist_ok=True)
        job.input_path().write_bytes(upload)
    if in_thread():
        # After the request's transaction commits, so the thread sees the job row.
        from django.db import transaction

        transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start())
    return job


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def claim(pk: int) -> bool:
    return Job.objects.filter(pk=pk, state=State.QUEUED).update(state=State.RUNNING, started_at=timezone.now(),
                                                               message="Đang chạy …") == 1


def run(pk: int) -> Job | None:
    """Run one queued job to its end (done or failed); None when another runner has it."""
    if not claim(pk):
        return None
    job = Job.objects.get(pk=pk)
    try:
        result = KINDS[job.kind](job, Reporter(job))
        job.state, job.progress, job.message = State.DONE, 100, result.message
        if result.file_name:
            job.result_path().write_bytes(result.content)
            job.result_name = result.file_name
    except JobFailed as e:
        job.state, job.message = State.FAILED, str(e)
        if e.details:
            job.folder().mkdir(parents=True, exist_ok=True)
            job.result_path().write_bytes(e.details.encode("utf-8"))
            job.result_name = "loi.txt"
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.state = State.FAILED
        job.message = "Hệ thống gặp sự cố khi chạy việc này; không có gì được ghi. Xin thử lại."
    finally:
        job.input_path().unlink(missing_ok=True)
        (job.folder() / "progress.json").unlink(missing_ok=True)
    job.finished_at = timezone.now()
    job.save()
    return job


def run_pending() -> int:
    """Run every queued job, oldest first; returns how many this runner ran."""
    done = 0
    for pk in Job.objects.filter(state=State.QUEUED).order_by("created_at", "pk").values_list("pk", flat=True):
        if run(pk) is not None:
            done += 1
    return done
