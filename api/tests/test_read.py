from decimal import Decimal

import pytest

from accounts.models import Role
from engine.progress import Progress
from engine.rollup import Engine
from periods.models import Period
from programmes.models import Programme
from programmes.writing import do_set_targets
from units.models import Unit

from .conftest import CITY, SAN_THANG, SUNG_PHAI, TAN_PHONG

pytestmark = pytest.mark.django_db


def test_the_units_list_holds_only_the_scope_in_both_structures(client_for, commune_officer):
    r = client_for(commune_officer).get("/api/units", {"page_size": 1000})
    assert r.status_code == 200
    codes = {u["code"] for u in r.json()["results"]}
    assert SAN_THANG in codes and TAN_PHONG in codes  # the old commune and the new one it merged into
    assert SUNG_PHAI not in codes and "12" not in codes
    new = next(u for u in r.json()["results"] if u["code"] == TAN_PHONG)
    assert new["structure"] == "post2025" and new["parent"] == "12"


def test_units_filter_by_parent_level_and_structure(client_for, leader):
    client = client_for(leader)
    r = client.get("/api/units", {"parent": "12", "structure": "pre2025"})
    pre = {u["code"] for u in r.json()["results"]}
    assert CITY in pre and TAN_PHONG not in pre
    r = client.get("/api/units", {"within": "12", "level": 3, "valid_on": "2025-07-01", "page_size": 1000})
    post = {u["code"] for u in r.json()["results"]}
    assert TAN_PHONG in post and SAN_THANG not in post
    assert r.json()["count"] == len(post)
    assert client.get("/api/units", {"level": 7}).status_code == 400


def test_a_unit_shows_its_successors_and_predecessors_in_scope(client_for, city_officer, commune_officer):
    r = client_for(city_officer).get(f"/api/units/{SAN_THANG}")
    assert r.status_code == 200 and r.json()["successors"] == [TAN_PHONG]
    r = client_for(commune_officer).get(f"/api/units/{TAN_PHONG}")
    # Tân Phong merged several old communes; only San Thàng is in this officer's scope.
    assert r.json()["predecessors"] == [SAN_THANG]
    r = client_for(commune_officer).get("/api/unit-successions")
    assert [(x["predecessor"], x["successor"]) for x in r.json()["results"]] == [(SAN_THANG, TAN_PHONG)]


def test_indicators_come_with_their_options(client_for, leader):
    r = client_for(leader).get("/api/indicators/HERD")
    assert r.status_code == 200
    herd = r.json()
    assert herd["measure"] == "con" and herd["disaggregation"]["code"] == "SPECIES"
    assert "PIG" in [o["code"] for o in herd["disaggregation"]["options"]]
    r = client_for(leader).get("/api/indicators/CROP_AREA")
    quality = next(o for o in r.json()["disaggregation"]["options"] if o["code"] == "QUALITY_RICE")
    assert quality["part_of"] == "RICE"
    assert client_for(leader).get("/api/indicators/NO_SUCH").status_code == 404
    r = client_for(leader).get("/api/indicators", {"group": "chan_nuoi"})
    assert "HERD" in [i["code"] for i in r.json()["results"]]


def test_a_period_says_its_dates_and_its_dhis2_code(client_for, leader):
    client = client_for(leader)
    q4 = client.get("/api/periods/2023Q4").json()
    assert (q4["start"], q4["end"], q4["dhis2"]) == ("2023-10-01", "2023-12-31", "2023Q4")
    season = client.get("/api/periods/2024DX").json()
    assert season["start"] == "2023-11-01" and season["dhis2"] is None
    assert client.get("/api/periods/2021-2025").json()["dhis2"] is None
    assert client.get("/api/periods/2023q4").status_code == 404


def test_data_values_filter_by_indicator_subtree_and_period_range(client_for, leader, put):
    put(("HERD", "PIG", SAN_THANG, "2023", 1200), ("HERD", "PIG", SUNG_PHAI, "2023", 800),
        ("HERD", "PIG", SAN_THANG, "2024", 1300), ("HERD", "PIG", "12.106", "2023", 5000),
        ("CROP_AREA", "TEA", SAN_THANG, "2023", "41.8"))
    client = client_for(leader)
    r = client.get("/api/datavalues", {"indicator": "HERD", "unit": CITY, "period_from": "2023", "period_to": "2023"})
    got = {(v["unit"], v["period"], v["value"]) for v in r.json()["results"]}
    assert got == {(SAN_THANG, "2023", "1200"), (SUNG_PHAI, "2023", "800")}
    r = client.get("/api/datavalues", {"unit": SAN_THANG, "period_from": "2024"})
    assert [(v["indicator"], v["period"]) for v in r.json()["results"]] == [("HERD", "2024")]
    r = client.get("/api/datavalues", {"indicator": "CROP_AREA"})
    assert r.json()["results"][0]["value"] == "41.8" and r.json()["results"][0]["version"] == 1
    assert client.get("/api/datavalues", {"indicator": "NOPE"}).status_code == 400
    assert client.get("/api/datavalues", {"period": "2023X"}).status_code == 400


def test_every_list_is_paginated(client_for, leader):
    r = client_for(leader).get("/api/units", {"page_size": 5})
    body = r.json()
    assert set(body) == {"count", "next", "previous", "results"} and len(body["results"]) == 5
    assert body["count"] > 5 and "page=2" in body["next"]
    r = client_for(leader).get("/api/units", {"page": 9999})
    assert r.status_code == 404 and r.json()["detail"] == "Trang không tồn tại."


def test_the_rollup_is_the_engine_result(client_for, city_officer, put):
    put(("HERD", "PIG", SAN_THANG, "2023", 1200), ("HERD", "PIG", SUNG_PHAI, "2023", 800))
    r = client_for(city_officer).get("/api/rollup", {"indicator": "HERD", "unit": CITY, "period": "2023",
                                                     "option": "PIG"})
    assert r.status_code == 200
    expected = Engine().value("HERD", CITY, "2023", "PIG").as_dict()
    assert r.json() == expected
    assert r.json()["value"] == 2000 and r.json()["rule"] == "children_sum"


def test_the_rollup_refuses_bad_parameters_in_vietnamese(client_for, city_officer):
    r = client_for(city_officer).get("/api/rollup", {"indicator": "HERD", "unit": CITY, "period": "2023",
                                                     "option": "TEA"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["message"] == "Nhóm 'TEA' không thuộc chỉ tiêu HERD."
    r = client_for(city_officer).get("/api/rollup", {"unit": CITY})
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"indicator", "period"} <= fields


def test_progress_is_the_engine_progress(client_for, city_officer, put):
    programme = Programme.objects.create(code="05-NQ/TU", title="Phát triển nông nghiệp hàng hóa",
                                         unit=Unit.objects.get(code="12"), term=Period.objects.for_code("2021-2025"))
    from datavalues.writing import FigureChange
    from indicators.models import Indicator

    ind = Indicator.objects.get(code="CROP_NEW_AREA")
    do_set_targets(programme, [FigureChange(ind, ind.option_for("TEA"), Unit.objects.get(code=CITY),
                                            Period.objects.for_code("2021-2025"), Decimal("60"),
                                            attrs=(("operator", ">="),))], channel="system")
    put(("CROP_NEW_AREA", "TEA", SUNG_PHAI, "2021-2023", "20.45"))
    r = client_for(city_officer).get("/api/progress", {"programme": "05-NQ/TU", "unit": CITY, "period": "2021-2023"})
    assert r.status_code == 200
    rows = r.json()["results"]
    assert rows == [row.as_dict() for row in Progress().rows(programme, CITY, "2021-2023")]
    assert rows[0]["actual"] == 20.45 and round(rows[0]["percent"]) == 34
    r = client_for(city_officer).get("/api/programmes/05-NQ/TU")
    assert r.status_code == 200 and r.json()["term"] == "2021-2025"
    r = client_for(city_officer).get("/api/targets", {"programme": "05-NQ/TU"})
    assert [(t["indicator"], t["option"], t["value"]) for t in r.json()["results"]] == [("CROP_NEW_AREA", "TEA", "60")]


def test_a_programme_outside_the_scope_is_not_found(client_for, make_user):
    Programme.objects.create(code="04-NQ/TU", title="Hà Giang", unit=Unit.objects.get(code="02"))
    officer = make_user("hagiang_no", Role.PROVINCE_OFFICER, "12")
    client = client_for(officer)
    assert client.get("/api/programmes/04-NQ/TU").status_code == 404
    assert client.get("/api/programmes").json()["count"] == 0
    assert client.get("/api/progress", {"programme": "04-NQ/TU", "unit": "12", "period": "2023"}).status_code == 404


def test_anonymous_requests_are_refused_in_vietnamese(client):
    r = client.get("/api/units")
    assert r.status_code == 401
    assert r.json()["detail"].startswith("Chưa xác thực")
    r = client.get("/api/units", HTTP_AUTHORIZATION="Token wrong")
    assert r.status_code == 401 and r.json()["detail"] == "Mã truy cập không hợp lệ hoặc tài khoản đã bị khóa."


def test_every_indicator_rolls_up_without_error(client_for, city_officer, put):
    from indicators.models import Indicator

    put(("CROP_AREA", "TEA", SAN_THANG, "2023", "41.8"), ("CROP_PRODUCTION", "TEA", SAN_THANG, "2023", "250"),
        ("CROP_HARVEST_AREA", "TEA", SAN_THANG, "2023", "40"))
    client = client_for(city_officer)
    for code in Indicator.objects.values_list("code", flat=True):
        for unit, period in [(CITY, "2023"), (TAN_PHONG, "2021-2025"), (SAN_THANG, "2024DX")]:
            r = client.get("/api/rollup", {"indicator": code, "unit": unit, "period": period, "depth": 3})
            assert r.status_code == 200, (code, unit, period, r.content[:300])
    r = client.get("/api/rollup", {"indicator": "CROP_YIELD", "unit": CITY, "period": "2023", "option": "TEA"})
    assert r.json()["value"] == 6.25 and r.json()["rule"] == "formula"


def test_requests_beyond_the_rate_are_throttled_in_vietnamese(client_for, leader, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import UserRateThrottle

    cache.clear()
    monkeypatch.setattr(UserRateThrottle, "rate", "3/minute", raising=False)
    client = client_for(leader)
    codes = [client.get("/api/periods").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.get("/api/periods")
    assert r.json()["detail"].startswith("Quá nhiều yêu cầu; hãy thử lại sau") and "Retry-After" in r
    cache.clear()


def test_lists_do_not_run_a_query_per_row(client_for, city_officer, put, django_assert_max_num_queries):
    from registries.actions import do_create
    from registries.models import Farm

    put(*[("HERD", "PIG", SAN_THANG, f"2023{m:02d}", m) for m in range(1, 13)],
        *[("CROP_AREA", "TEA", SUNG_PHAI, f"2023{m:02d}", m) for m in range(1, 13)])
    for i in range(10):
        do_create(Farm, {"unit": Unit.objects.get(code=SAN_THANG), "owner": f"Chủ {i}"}, channel="system")
    client = client_for(city_officer)
    for url in ["/api/datavalues", "/api/units", "/api/indicators", "/api/registries/farm"]:
        with django_assert_max_num_queries(14):
            r = client.get(url)
        assert r.status_code == 200 and r.json()["count"] >= 10, url
