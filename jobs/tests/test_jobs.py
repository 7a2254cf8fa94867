"""Background jobs (jobs/): the large value-file import runs outside the request, its state
and progress are shown to the user who asked, with a notice and the result when ready."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Profile
from audit.models import AuditEntry
from datavalues.models import DataValue
from jobs.models import Job, State
from jobs.runner import Reporter, live, run_pending
from units.models import Unit

pytestmark = pytest.mark.django_db

GOOD = "indicator,option,unit,period,value\nHERD,PIG,12.105.03409,202312,120\nHERD,CATTLE,12.105.03409,202312,35\n"
BAD = "indicator,option,unit,period,value\nHERD,PIG,12.105.03409,202312,nhiều\nHERD,PIG,12.105.03409,202311,abc\n"


@pytest.fixture(autouse=True)
def _no_thread(settings, tmp_path):
    settings.JOBS_IN_THREAD = False  # the test runs the runner itself (run_pending), like run_jobs
    settings.VAR_DIR = tmp_path


@pytest.fixture
def officer(django_user_model):
    def make(name="thanhpho", role="district", code="12.105"):
        user = django_user_model.objects.create_user(name, password="x")
        Profile.objects.create(user=user, role=role).units.set(Unit.objects.filter(code=code))
        return user
    return make


def upload(client, text: str, name="so-lieu.csv"):
    return client.post("/viec-nen/nhap-so-lieu/", {"file": SimpleUploadedFile(name, text.encode())})


def test_an_import_is_queued_then_run_in_the_background_with_its_result(client, officer):
    client.force_login(officer())
    response = upload(client, GOOD)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/viec-nen/{job.pk}/"
    assert job.state == State.QUEUED and DataValue.objects.count() == 0  # nothing done in the request
    page = client.get(f"/viec-nen/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "Đang chờ" in page
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.state == State.DONE and job.progress == 100 and "2 mới" in job.message
    assert DataValue.objects.count() == 2 and AuditEntry.objects.filter(username="thanhpho").count() == 2
    status = client.get(f"/viec-nen/{job.pk}/trang-thai/", HTTP_HX_REQUEST="true")
    assert "Đã xong!" in status.content.decode() and "every 1s" not in status.content.decode()
    assert status["HX-Trigger"] == "job-finished"
    assert not job.input_path().exists()  # the upload is not kept


def test_a_refused_file_writes_nothing_and_offers_every_problem(client, officer):
    client.force_login(officer())
    upload(client, BAD)
    run_pending()
    job = Job.objects.get()
    assert job.state == State.FAILED and "không ghi số liệu nào" in job.message
    assert DataValue.objects.count() == 0 and AuditEntry.objects.count() == 0
    problems = b"".join(client.get(f"/viec-nen/{job.pk}/ket-qua/").streaming_content).decode()
    assert "dòng 2" in problems.lower() and "dòng 3" in problems.lower()
    assert not job.input_path().exists()


def test_progress_is_read_from_the_running_jobs_progress_file(officer):
    job = Job.objects.create(kind="import_values", title="t", created_by=officer(), state=State.RUNNING)
    Reporter(job)(42, "Đang ghi 420/1000 …")
    assert live(job) == (42, "Đang ghi 420/1000 …")


def test_a_job_is_its_requesters_only(client, officer):
    client.force_login(officer())
    upload(client, GOOD)
    job = Job.objects.get()
    client.force_login(officer("khac", "district", "12.106"))
    for suffix in ("", "trang-thai/", "ket-qua/"):
        assert client.get(f"/viec-nen/{job.pk}/{suffix}").status_code == 404
    assert "so-lieu.csv" not in client.get("/viec-nen/").content.decode()


@pytest.mark.parametrize("name,text,message", [
    ("so-lieu.txt", GOOD, "Chỉ nhận tệp .csv hoặc .xlsx."), ("rong.csv", "", "Tệp rỗng.")])
def test_an_unsuitable_upload_is_refused_in_vietnamese_and_nothing_is_queued(client, officer, name, text, message):
    client.force_login(officer())
    response = upload(client, text, name)
    assert response.status_code == 400 and message in response.content.decode() and not Job.objects.exists()


def test_a_leader_may_not_import(client, officer):
    client.force_login(officer("lanhdao", "leader", "12"))
    assert client.get("/viec-nen/nhap-so-lieu/").status_code == 403
