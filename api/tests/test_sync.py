"""``POST /api/sync``: values entered offline, sent with the version they were based on.

Figures are seed 003's (December 2023: 92.760 buffaloes, 25.590 cattle, 235.000 pigs) put on
Xã San Thàng's monthly commune form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEntry
from collection import actions
from collection.models import ReportForm, Status, Submission
from collection.tests.conftest import SAN_THANG, SUNG_PHAI, build_forms, make_user, p, put, u
from datavalues.models import DataValue, SyncBatch

pytestmark = pytest.mark.django_db
FORM, PERIOD = "BC_THANG_XA", "202312"


@pytest.fixture
def world(django_user_model):
    build_forms()
    return {
        "santhang": make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, SAN_THANG,
                              full_name="Lò Văn Minh"),
        "colleague": make_user(django_user_model, "santhang2", Role.COMMUNE_OFFICER, SAN_THANG,
                               full_name="Tao Thị Hoa"),
        "thanhpho": make_user(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, "12.105"),
    }


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_login(user)
    return c


def item(key, value, base=0, unit=SAN_THANG):
    return {"form": FORM, "unit": unit, "period": PERIOD, "key": key, "value": value, "base": base}


def stored(key, unit=SAN_THANG):
    ind, _, opt = key.partition("|")
    return DataValue.objects.filter(indicator__code=ind, option__code=opt or None, unit__code=unit,
                                    period__code=PERIOD).first()


def sync(client, batch, values, submissions=()):
    return client.post("/api/sync", {"batch": batch, "values": values, "submissions": list(submissions)},
                       format="json")


def test_queued_values_are_applied_through_the_write_path_with_their_versions_and_audited(world):
    r = sync(client_for(world["santhang"]), "lo-0001-abcd",
             [item("HERD|BUFFALO", "92.760"), item("HERD|CATTLE", "25.590"), item("HERD|PIG", "235.000")])
    assert r.status_code == 200, r.content
    assert [v["status"] for v in r.json()["values"]] == ["applied"] * 3
    assert [v["version"] for v in r.json()["values"]] == [1, 1, 1]
    assert stored("HERD|CATTLE").value == Decimal("25590")
    entries = AuditEntry.objects.filter(object_type="datavalue", unit_code=SAN_THANG, period_code=PERIOD)
    assert sorted(e.option_code for e in entries) == ["BUFFALO", "CATTLE", "PIG"]
    assert {e.username for e in entries} == {"santhang"}
    assert all("lo-0001-abcd" in e.reason for e in entries)

    # Based on version 1, the officer corrects the pigs: version 2.
    r = sync(client_for(world["santhang"]), "lo-0002-abcd", [item("HERD|PIG", "236.000", base=1)])
    assert r.json()["values"][0] == {**r.json()["values"][0], "status": "applied", "version": 2}
    assert stored("HERD|PIG").version == 2


def test_the_same_batch_sent_twice_applies_once(world):
    c = client_for(world["santhang"])
    values = [item("HERD|PIG", "235.000"), item("POULTRY|", "1.809,5")]
    first = sync(c, "lo-lap-lai-01", values)
    audits = AuditEntry.objects.count()
    # Meanwhile a colleague changes the pigs; the replayed batch must not write its figure again.
    put(("HERD", "PIG", SAN_THANG, PERIOD, 234000), user=world["colleague"])
    again = sync(c, "lo-lap-lai-01", values)
    assert again.status_code == 200
    assert again.json()["replayed"] is True and first.json()["replayed"] is False
    assert again.json()["values"] == first.json()["values"]
    assert AuditEntry.objects.count() == audits + 1  # only the colleague's change
    assert stored("HERD|PIG").value == Decimal("234000")
    assert SyncBatch.objects.filter(batch_id="lo-lap-lai-01").count() == 1
    # The batch id is the sender's: another officer's batch with the same id is a batch of its own.
    other = sync(client_for(world["colleague"]), "lo-lap-lai-01", [item("POULTRY|", "1.810", base=1)])
    assert other.json()["replayed"] is False and other.json()["values"][0]["status"] == "applied"


def test_a_stale_base_version_is_a_conflict_with_the_current_figure_who_and_when(world):
    put(("HERD", "PIG", SAN_THANG, PERIOD, 235000), ("HERD", "CATTLE", SAN_THANG, PERIOD, 25590))
    assert stored("HERD|PIG").version == 1
    # While the officer is offline a colleague corrects the pigs (version 2).
    put(("HERD", "PIG", SAN_THANG, PERIOD, 234500), user=world["colleague"])
    r = sync(client_for(world["santhang"]), "lo-cu-000001", [
        item("HERD|PIG", "236.000", base=1),       # based on version 1: conflict
        item("HERD|CATTLE", "25.590", base=1),     # same figure as stored: unchanged
        item("HERD|BUFFALO", "92.760", base=0),    # new: applied
    ])
    assert r.status_code == 200
    pig, cattle, buffalo = r.json()["values"]
    assert pig["status"] == "conflict"
    assert pig["mine"] == "236.000" and pig["base"] == 1
    assert pig["current"]["value"] == "234.500" and pig["current"]["version"] == 2
    assert pig["current"]["by"] == "Tao Thị Hoa" and pig["current"]["at_text"]
    assert cattle["status"] == "unchanged" and buffalo["status"] == "applied"
    assert stored("HERD|PIG").value == Decimal("234500")  # nothing overwritten
    assert stored("HERD|BUFFALO").value == Decimal("92760")

    # The officer chose to keep their figure: sent again on the current version, it is applied.
    r = sync(client_for(world["santhang"]), "lo-chon-0001", [item("HERD|PIG", "236.000", base=2)])
    assert r.json()["values"][0]["status"] == "applied"
    assert stored("HERD|PIG").value == Decimal("236000") and stored("HERD|PIG").version == 3


def test_a_value_created_by_someone_else_meanwhile_is_a_conflict(world):
    put(("POULTRY", None, SAN_THANG, PERIOD, 1809.5), user=world["colleague"])
    r = sync(client_for(world["santhang"]), "lo-moi-000001", [item("POULTRY|", "1.900", base=0)])
    v = r.json()["values"][0]
    assert v["status"] == "conflict" and v["current"]["value"] == "1.809,5"
    assert stored("POULTRY|").value == Decimal("1809.5")


def test_a_batch_with_another_communes_value_is_refused_entirely_and_writes_nothing(world):
    before = AuditEntry.objects.count()
    r = sync(client_for(world["santhang"]), "lo-ngoai-0001",
             [item("HERD|PIG", "235.000"), item("HERD|PIG", "1.000", unit=SUNG_PHAI)],
             [{"form": FORM, "unit": SAN_THANG, "period": PERIOD, "comment": ""}])
    assert r.status_code == 403
    assert SUNG_PHAI in r.json()["detail"]
    assert {v["status"] for v in r.json()["values"]} == {"refused"}
    assert not DataValue.objects.filter(unit__code__in=[SAN_THANG, SUNG_PHAI]).exists()
    assert not Submission.objects.exists()
    assert AuditEntry.objects.count() == before
    assert not SyncBatch.objects.exists()


def test_a_value_of_an_approved_report_is_refused_with_the_reason(world):
    put(("HERD", "PIG", SAN_THANG, PERIOD, 235000))
    form = ReportForm.objects.get(code=FORM)
    actions.do_submit(form, u(SAN_THANG), p(PERIOD), user=world["santhang"])
    actions.do_approve(actions.submission_for(form, u(SAN_THANG), p(PERIOD)), user=world["thanhpho"])
    r = sync(client_for(world["santhang"]), "lo-duyet-0001", [item("HERD|PIG", "236.000", base=1)])
    v = r.json()["values"][0]
    assert v["status"] == "refused"
    assert "đã duyệt" in v["message"] and "không sửa được" in v["message"]
    assert stored("HERD|PIG").value == Decimal("235000")


def test_a_text_that_is_not_a_number_is_refused_with_the_parsers_message(world):
    r = sync(client_for(world["santhang"]), "lo-chu-000001", [item("POULTRY|", "nhiều"),
                                                             item("HERD|PIG", "235.000")])
    bad, good = r.json()["values"]
    assert bad["status"] == "refused" and "không phải số" in bad["message"]
    assert good["status"] == "applied"


def test_a_queued_submission_is_made_after_its_values_and_waits_for_their_conflicts(world):
    c = client_for(world["santhang"])
    sub = {"form": FORM, "unit": SAN_THANG, "period": PERIOD, "comment": ""}
    values = [item("HERD|", "353.350"), item("HERD|BUFFALO", "92.760"), item("HERD|CATTLE", "25.590"),
              item("HERD|PIG", "235.000")]
    r = sync(c, "lo-nop-000001", values, [sub])
    assert [v["status"] for v in r.json()["values"]] == ["applied"] * 4
    assert r.json()["submissions"][0]["status"] == "submitted"
    assert Submission.objects.get().status == Status.SUBMITTED

    # A report whose value conflicts is not submitted.
    put(("POULTRY", None, SAN_THANG, "202311", 1800), user=world["colleague"])
    r = sync(c, "lo-nop-000002", [{**item("POULTRY|", "1.900", base=0), "period": "202311"}],
             [{**sub, "period": "202311"}])
    assert r.json()["values"][0]["status"] == "conflict"
    assert r.json()["submissions"][0]["status"] == "waiting"
    assert not Submission.objects.filter(period__code="202311", status=Status.SUBMITTED).exists()


def test_get_tells_who_is_signed_in_and_a_csrf_token_that_a_session_post_needs(world):
    c = APIClient(enforce_csrf_checks=True)
    c.force_login(world["santhang"])
    refused = sync(c, "lo-csrf-00001", [item("HERD|PIG", "235.000")])
    assert refused.status_code == 403 and stored("HERD|PIG") is None
    info = c.get("/api/sync").json()
    assert info["user"] == "santhang"
    r = c.post("/api/sync", {"batch": "lo-csrf-00001", "values": [item("HERD|PIG", "235.000")]}, format="json",
               HTTP_X_CSRFTOKEN=info["csrf"])
    assert r.status_code == 200 and r.json()["values"][0]["status"] == "applied"
    assert APIClient().get("/api/sync").status_code in (401, 403)
