"""The matrix and its export, the commune page across the 2025 reform, recognitions."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from engine.rollup import Engine
from ruraldev.actions import (
    do_approve,
    do_recognise,
    do_save_results,
    do_start_evaluation,
    do_submit,
    do_withdraw,
)
from ruraldev.matrix import reference_day
from ruraldev.models import CriterionIndicator, Level
from units.models import Level as UnitLevel
from units.models import Unit, UnitSuccession

from .conftest import CITY, SAN_THANG, SUNG_PHAI, unit

pytestmark = pytest.mark.django_db


def evaluate(criteria_set, code, year, met: set[int]):
    ev = do_start_evaluation(unit(code), year, criteria_set)
    changes = {}
    for ind in CriterionIndicator.objects.filter(criterion__criteria_set=criteria_set).select_related("criterion"):
        changes[ind.pk] = {"status": "dat" if ind.criterion.number in met else "chua_dat"}
    do_save_results(ev, changes)
    do_submit(ev)
    do_approve(ev)
    return ev


def test_the_matrix_export_opens_in_openpyxl_with_one_row_per_commune(basic, cast, client):
    evaluate(basic, SUNG_PHAI, 2023, {1, 2, 3})
    evaluate(basic, SAN_THANG, 2023, {1, 4})
    client.force_login(cast.city)
    r = client.get(f"/nong-thon-moi/ma-tran/{CITY}/xuat-excel/", {"nam": "2023", "cap": "BASIC"})
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6)]
    communes = list(Unit.objects.filter(code__startswith=CITY + ".", level=UnitLevel.COMMUNE)
                    .valid_on(reference_day(2023)).order_by("code"))
    body = [row for row in rows if isinstance(row[0], int)]
    assert [row[1] for row in body] == [u.name for u in communes]
    by_name = {row[1]: row for row in body}
    sp = by_name["Xã Sùng Phài"]
    assert sp[4:7] == ["Đạt", "Đạt", "Đạt"] and sp[7] == "Chưa đạt" and sp[4 + 19] == 3
    assert by_name["Xã San Thàng"][4 + 19] == 2
    total = rows[len(body)]
    assert total[1] == "Số xã đạt tiêu chí" and total[4] == 2 and total[5] == 1 and total[7] == 1


def test_the_matrix_page_colours_statuses_and_counts(basic, cast, client):
    evaluate(basic, SUNG_PHAI, 2023, {1, 2, 3})
    client.force_login(cast.santhang)
    assert client.get(f"/nong-thon-moi/ma-tran/{CITY}/", {"nam": "2023"}).status_code == 404
    client.force_login(cast.city)
    r = client.get(f"/nong-thon-moi/ma-tran/{CITY}/", {"nam": "2023", "cap": "BASIC"})
    html = r.content.decode()
    assert r.status_code == 200 and "3/19" in html and "status-ok" in html and "status-bad" in html
    r = client.get(f"/nong-thon-moi/ma-tran/{CITY}/", {"nam": "2023", "cap": "ADVANCED"})
    assert "3/19" not in r.content.decode()


def test_a_new_commune_shows_its_predecessors_statuses_to_the_reform(basic, cast, client, django_user_model):
    evaluate(basic, SAN_THANG, 2023, {1, 4})
    new = UnitSuccession.objects.filter(predecessor__code=SAN_THANG).select_related("successor").first().successor
    client.force_login(cast.province)
    html = client.get(f"/nong-thon-moi/xa/{new.code}/").content.decode()
    assert "Trước sắp xếp đơn vị hành chính" in html and "Xã San Thàng" in html and "2/19" in html
    # Evaluated afresh against the set in force for it: the 2021-2025 set ends before 2027.
    from ruraldev.actions import Refused

    with pytest.raises(Refused):
        do_start_evaluation(new, 2027, basic)


def test_recognitions_count_until_withdrawn(basic, cast):
    e = Engine()
    assert e.value("NTM_COMMUNES_RECOGNISED", CITY, "2023", "BASIC").value is None  # no record: not known
    rec = do_recognise(unit(SUNG_PHAI), Level.BASIC, "123/QĐ-UBND", dt.date(2023, 12, 20), user=cast.province)
    assert Engine().value("NTM_COMMUNES_RECOGNISED", CITY, "2023", "BASIC").value == 1
    assert Engine().value("NTM_COMMUNES_RECOGNISED", CITY, "2022", "BASIC").value is None
    from ruraldev.actions import Refused

    with pytest.raises(Refused):
        do_withdraw(rec, dt.date(2024, 5, 1), "45/QĐ-UBND", user=cast.santhang)
    do_withdraw(rec, dt.date(2024, 5, 1), "45/QĐ-UBND", "Không duy trì tiêu chí", user=cast.province)
    assert Engine().value("NTM_COMMUNES_RECOGNISED", CITY, "2023", "BASIC").value == 1
    assert Engine().value("NTM_COMMUNES_RECOGNISED", CITY, "2024", "BASIC").value == 0


def test_the_api_lists_evaluations_in_scope_only(basic, cast, client):
    evaluate(basic, SUNG_PHAI, 2023, {1})
    client.force_login(cast.santhang)
    assert client.get("/api/ruraldev/evaluation").json()["results"] == []
    client.force_login(cast.city)
    data = client.get("/api/ruraldev/evaluation").json()["results"]
    assert [row["unit"] for row in data] == [SUNG_PHAI]
    sets = client.get("/api/ruraldev/criteriaset").json()["results"]
    assert {s["code"] for s in sets} >= {"318-2022-XA", "318-2022-XA-NC", "51-2025-XA"}


def test_the_matrix_page_runs_no_query_per_commune(basic, cast, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    evaluate(basic, SUNG_PHAI, 2023, {1, 2})
    client.force_login(cast.city)
    url = f"/nong-thon-moi/ma-tran/{CITY}/?nam=2023&cap=BASIC"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    evaluate(basic, SAN_THANG, 2023, {1})
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    assert len(two.captured_queries) == len(one.captured_queries)


def test_the_api_saves_results_and_steps_in_scope(basic, cast, client):
    from ruraldev.models import Evaluation, Workflow

    ev = do_start_evaluation(unit(SAN_THANG), 2023, basic, user=cast.santhang)
    client.force_login(cast.sungphai)
    url = f"/api/ruraldev/evaluation/{ev.pk}"
    assert client.get(url + "/sheet").status_code == 404
    assert client.post(url + "/results", {"results": {"1.1": {"yes": True}}},
                       content_type="application/json").status_code == 404
    client.force_login(cast.santhang)
    r = client.post(url + "/results", {"results": {"1.1": {"yes": True}, "1.2": {"yes": True}}},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["count"] == "1/19"
    r = client.post(url + "/results", {"results": {"10.1": {"number": "50"}}}, content_type="application/json")
    assert r.status_code == 409 and "chỉ được ghi chú" in r.json()["detail"]
    assert client.post(url + "/steps/submit", {}, content_type="application/json").status_code == 200
    assert client.post(url + "/steps/approve", {}, content_type="application/json").status_code == 403
    client.force_login(cast.province)
    r = client.post(url + "/steps/approve", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == Workflow.APPROVED
    assert Evaluation.objects.get(pk=ev.pk).status == Workflow.APPROVED
