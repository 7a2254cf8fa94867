"""The registries' workflows through the API: the same action function and permission rule as
the registry pages, refused with a Vietnamese reason by role or by state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from accounts.models import Role
from audit.models import AuditEntry, Channel
from registries import actions
from registries.models import (
    Certification,
    CertStatus,
    Cooperative,
    EvaluationResult,
    OcopProduct,
    OcopStatus,
    OwnerKind,
    PlantingCode,
)
from units.models import Unit

from .conftest import SAN_THANG, TAN_PHONG

pytestmark = pytest.mark.django_db

OCOP = "/api/registries/ocopproduct"


@pytest.fixture
def province_officer(make_user):
    return make_user("tinh", Role.PROVINCE_OFFICER, "12")


@pytest.fixture
def outsider(make_user):
    return make_user("hg_tinh", Role.PROVINCE_OFFICER, "02")


def product(name="Chè Shan tuyết", unit_code=SAN_THANG) -> OcopProduct:
    return actions.do_create(OcopProduct, {"unit": Unit.objects.get(code=unit_code), "name": name,
                                           "owner_name": "HTX Chè", "owner_kind": OwnerKind.OTHER},
                             channel=Channel.SYSTEM)


def certified(stars=4, decision_date=dt.date(2025, 9, 10), name="Chè Shan tuyết") -> OcopProduct:
    p = product(name)
    actions.do_record_ocop_certificate(p, decision_date=decision_date, stars=stars, decision_no="1/QĐ-UBND",
                                       channel=Channel.SYSTEM)
    return OcopProduct.objects.get(pk=p.pk)


def test_the_ocop_round_commune_proposes_province_evaluates_with_a_score(client_for, commune_officer,
                                                                         province_officer):
    p = product()
    r = client_for(commune_officer).post(f"{OCOP}/{p.pk}/propose", {"proposed_on": "2026-02-01"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["record"]["status"] == OcopStatus.PROPOSED
    assert r.json()["evaluation"]["proposer"] == TAN_PHONG  # the new commune proposes since 06/07/2025
    # The commune may not evaluate: that is the province's step.
    r = client_for(commune_officer).post(f"{OCOP}/{p.pk}/evaluate", {"evaluated_on": "2026-03-01", "score": 78},
                                         format="json")
    assert r.status_code == 403 and r.json()["detail"] == "Chỉ cấp tỉnh ghi kết quả đánh giá, phân hạng OCOP."
    # 78 points are 4 stars (70–89): five stars contradict the band.
    r = client_for(province_officer).post(f"{OCOP}/{p.pk}/evaluate", {
        "evaluated_on": "2026-03-01", "score": "78", "stars": 5, "decision_no": "9/QĐ-UBND",
        "decision_date": "2026-03-10"}, format="json")
    assert r.status_code == 400 and "78 điểm tương ứng 4 sao, không phải 5 sao" in r.json()["detail"]
    r = client_for(province_officer).post(f"{OCOP}/{p.pk}/evaluate", {
        "evaluated_on": "2026-03-01", "score": "78", "decision_no": "9/QĐ-UBND", "decision_date": "2026-03-10"},
        format="json")
    assert r.status_code == 200, r.json()
    record = r.json()["record"]
    assert (record["stars"], record["status"], record["valid_until"]) == (4, OcopStatus.CERTIFIED, "2029-03-10")
    assert r.json()["evaluation"]["result"] == EvaluationResult.CERTIFIED
    assert AuditEntry.objects.filter(channel=Channel.API, object_type="registries.ocopevaluation").count() == 2
    # No pending round any more: a second evaluation is refused by state.
    r = client_for(province_officer).post(f"{OCOP}/{p.pk}/evaluate", {"evaluated_on": "2026-03-02", "score": 80},
                                          format="json")
    assert r.status_code == 400 and "không có lượt đề xuất nào chờ đánh giá" in r.json()["detail"]


@pytest.mark.parametrize("score,stars", [(49, 2), (50, 3), (69, 3), (70, 4), (89, 4), (90, 5), (100, 5)])
def test_stars_follow_the_score_bands_of_decision_148(client_for, commune_officer, province_officer, score, stars):
    p = product()
    client_for(commune_officer).post(f"{OCOP}/{p.pk}/propose", {"proposed_on": "2026-02-01"}, format="json")
    body = {"evaluated_on": "2026-03-01", "score": score}
    if stars >= 3:
        body.update(decision_no="9/QĐ-UBND", decision_date="2026-03-10")
    r = client_for(province_officer).post(f"{OCOP}/{p.pk}/evaluate", body, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["evaluation"]["stars"] == stars
    expected = OcopStatus.CERTIFIED if stars >= 3 else OcopStatus.NOT_CERTIFIED
    assert r.json()["record"]["status"] == expected


def test_certify_records_a_decision_and_only_the_province_may(client_for, city_officer, province_officer):
    p = product()
    r = client_for(city_officer).post(f"{OCOP}/{p.pk}/certify", {"decision_date": "2026-01-05",
                                                                   "decision_no": "5/QĐ-UBND", "stars": 3},
                                      format="json")
    assert r.status_code == 403
    r = client_for(province_officer).post(f"{OCOP}/{p.pk}/certify", {"decision_date": "2026-01-05",
                                                                       "decision_no": "5/QĐ-UBND", "stars": 3},
                                          format="json")
    assert r.status_code == 200 and r.json()["record"]["decision_no"] == "5/QĐ-UBND"
    r = client_for(province_officer).post(f"{OCOP}/{p.pk}/certify", {"decision_date": "2026-01-05",
                                                                       "decision_no": "5/QĐ-UBND", "stars": 2},
                                          format="json")
    assert r.status_code == 400


def test_an_upgrade_needs_a_valid_certificate_and_more_stars(client_for, commune_officer):
    valid = certified(stars=4)
    r = client_for(commune_officer).post(f"{OCOP}/{valid.pk}/request-upgrade",
                                         {"proposed_on": "2026-02-01", "proposed_stars": 4}, format="json")
    assert r.status_code == 400  # 4 is not more than 4
    r = client_for(commune_officer).post(f"{OCOP}/{valid.pk}/request-upgrade",
                                         {"proposed_on": "2026-02-01", "proposed_stars": 5}, format="json")
    assert r.status_code == 200 and r.json()["record"]["status"] == OcopStatus.UPGRADE_PROPOSED
    expired = certified(stars=3, decision_date=dt.date(2021, 12, 15), name="Bưởi")
    r = client_for(commune_officer).post(f"{OCOP}/{expired.pk}/request-upgrade",
                                         {"proposed_on": "2026-02-01", "proposed_stars": 4}, format="json")
    assert r.status_code == 400 and "còn hiệu lực" in r.json()["detail"]


def test_revoke_needs_a_reason_and_a_revoked_product_cannot_be_proposed(client_for, city_officer, commune_officer,
                                                                        leader):
    p = certified()
    assert client_for(leader).post(f"{OCOP}/{p.pk}/revoke", {"on": "2026-05-01", "reason": "x"},
                                   format="json").status_code == 403
    r = client_for(city_officer).post(f"{OCOP}/{p.pk}/revoke", {"on": "2026-05-01", "reason": "  "}, format="json")
    assert r.status_code == 400
    r = client_for(city_officer).post(f"{OCOP}/{p.pk}/revoke", {"on": "2026-05-01", "reason": "Vi phạm ATTP"},
                                      format="json")
    assert r.status_code == 200 and r.json()["record"]["status"] == OcopStatus.REVOKED
    r = client_for(commune_officer).post(f"{OCOP}/{p.pk}/propose", {"proposed_on": "2026-06-01"}, format="json")
    assert r.status_code == 400 and "đã bị thu hồi" in r.json()["detail"]


def test_records_outside_the_scope_are_not_found(client_for, outsider):
    p = certified()
    before = AuditEntry.objects.count()
    for step, body in [("propose", {"proposed_on": "2026-02-01"}), ("revoke", {"on": "2026-05-01", "reason": "x"}),
                       ("evaluate", {"evaluated_on": "2026-03-01", "score": 80})]:
        r = client_for(outsider).post(f"{OCOP}/{p.pk}/{step}", body, format="json")
        assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy bản ghi."
    assert client_for(outsider).post(f"{OCOP}/987654/propose", {}, format="json").status_code == 404
    assert AuditEntry.objects.count() == before


def test_cooperative_years_are_a_resource(client_for, city_officer, leader):
    coop = actions.do_create(Cooperative, {"unit": Unit.objects.get(code=SAN_THANG), "name": "HTX Chè San Thàng"},
                             channel=Channel.SYSTEM)
    url = f"/api/registries/cooperative/{coop.pk}/years"
    r = client_for(city_officer).post(url, {"year": 2023, "members": 12, "revenue": "467", "member_income": "48"},
                                      format="json")
    assert r.status_code == 200, r.json()
    assert (r.json()["members"], r.json()["revenue"], r.json()["member_income"]) == (12, "467", "48")
    r = client_for(city_officer).post(url, {"year": 2024, "members": 13}, format="json")
    assert r.json()["revenue"] is None  # not given: not known, never 0
    assert [row["year"] for row in client_for(leader).get(url).json()] == [2024, 2023]
    assert client_for(leader).post(url, {"year": 2025}, format="json").status_code == 403
    r = client_for(city_officer).post(url, {"year": 1800}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "year"


@pytest.mark.parametrize("model", [Certification, PlantingCode])
def test_certifications_and_planting_codes_renew_expire_and_revoke(client_for, city_officer, model):
    unit = Unit.objects.get(code=SAN_THANG)
    data = ({"holder": "HTX Chè", "standard": "VIETGAP", "product": "Chè"} if model is Certification
            else {"code": "VN-LCTP-0009", "crop": "Chè", "holder": "HTX Chè"})
    obj = actions.do_create(model, {"unit": unit, "valid_from": dt.date(2024, 1, 1),
                                    "valid_until": dt.date(2026, 12, 31), **data}, channel=Channel.SYSTEM)
    url = f"/api/registries/{model._meta.model_name}/{obj.pk}"
    client = client_for(city_officer)
    r = client.post(f"{url}/renew", {"valid_until": "2026-06-30"}, format="json")
    assert r.status_code == 400 and "phải sau ngày hiện có (31/12/2026)" in r.json()["detail"]
    r = client.post(f"{url}/renew", {"valid_until": "2029-12-31"}, format="json")
    assert r.status_code == 200 and r.json()["record"]["valid_until"] == "2029-12-31"
    r = client.post(f"{url}/expire", {"on": "2026-01-31", "reason": "Không tái đánh giá"}, format="json")
    assert r.status_code == 200 and r.json()["record"]["valid_until"] == "2026-01-31"
    assert model.objects.get(pk=obj.pk).status_on(dt.date(2026, 2, 1)) == CertStatus.EXPIRED
    r = client.post(f"{url}/expire", {"on": "2026-03-01"}, format="json")
    assert r.status_code == 400  # already past its end
    r = client.post(f"{url}/revoke", {"on": "2025-06-01", "reason": "Sai phạm"}, format="json")
    assert r.status_code == 200 and r.json()["record"]["status"] == CertStatus.REVOKED
    r = client.post(f"{url}/renew", {"valid_until": "2030-12-31"}, format="json")
    assert r.status_code == 400 and "đã bị thu hồi" in r.json()["detail"]


# --------------------------------------------------------------------------- one action, two surfaces
@pytest.mark.parametrize("action,web,api,form,body,who", [
    ("do_propose_ocop", "/so-dang-ky/ocop/{pk}/de-xuat/", "propose",
     {"proposed_on": "2026-02-01"}, {"proposed_on": "2026-02-01"}, "commune"),
    ("do_revoke", "/so-dang-ky/ocop/{pk}/thu-hoi/", "revoke",
     {"on": "2026-05-01", "reason": "Vi phạm"}, {"on": "2026-05-01", "reason": "Vi phạm"}, "city"),
])
def test_the_api_and_the_page_call_the_same_action(client_for, commune_officer, city_officer, monkeypatch, action,
                                                   web, api, form, body, who):
    user = commune_officer if who == "commune" else city_officer
    calls = []
    real = getattr(actions, action)

    def spy(*args, **kwargs):
        calls.append(kwargs["channel"])
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, action, spy)
    on_page, on_api = certified(name="Trang web"), certified(name="API")
    page = Client()
    page.force_login(user)
    assert page.post(web.format(pk=on_page.pk), form).status_code == 302
    assert client_for(user).post(f"{OCOP}/{on_api.pk}/{api}", body, format="json").status_code == 200
    assert calls == [Channel.FORM, Channel.API]
    fields = ("status", "revoked_on", "revoked_reason")
    assert [getattr(OcopProduct.objects.get(pk=on_page.pk), f) for f in fields] == \
        [getattr(OcopProduct.objects.get(pk=on_api.pk), f) for f in fields]


def test_the_page_and_the_api_refuse_the_same_roles(client_for, commune_officer):
    p = product()
    actions.do_propose_ocop(p, proposed_on=dt.date(2026, 2, 1), channel=Channel.SYSTEM)
    pending = p.evaluations.get()
    page = Client()
    page.force_login(commune_officer)
    assert page.post(f"/so-dang-ky/ocop/{p.pk}/danh-gia/{pending.pk}/", {"evaluated_on": "2026-03-01",
                                                                         "score": "80"}).status_code == 403
    assert client_for(commune_officer).post(f"{OCOP}/{p.pk}/evaluate", {"evaluated_on": "2026-03-01", "score": 80},
                                            format="json").status_code == 403


def test_evaluation_and_cooperative_years_run_the_pages_action_too(client_for, province_officer, city_officer,
                                                                    monkeypatch):
    calls = []
    for name in ("do_evaluate_ocop", "do_set_coop_year"):
        real = getattr(actions, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append((_name, kwargs["channel"]))
            return _real(*args, **kwargs)

        monkeypatch.setattr(actions, name, spy)
    page = Client()
    page.force_login(province_officer)
    on_page, on_api = product("Trang web"), product("API")
    for p in (on_page, on_api):
        actions.do_propose_ocop(p, proposed_on=dt.date(2026, 2, 1), channel=Channel.SYSTEM)
    pending = on_page.evaluations.get()
    form = {"evaluated_on": "2026-03-01", "score": "91", "decision_no": "7/QĐ-UBND", "decision_date": "2026-03-10"}
    assert page.post(f"/so-dang-ky/ocop/{on_page.pk}/danh-gia/{pending.pk}/", form).status_code == 302
    r = client_for(province_officer).post(f"{OCOP}/{on_api.pk}/evaluate", {**form, "score": 91}, format="json")
    assert r.status_code == 200
    fields = ("stars", "decision_level", "valid_until", "status")
    assert [getattr(OcopProduct.objects.get(pk=on_page.pk), f) for f in fields] == \
        [getattr(OcopProduct.objects.get(pk=on_api.pk), f) for f in fields] == [5, "trung_uong", dt.date(2029, 3, 10),
                                                                                OcopStatus.CERTIFIED]
    coop = actions.do_create(Cooperative, {"unit": Unit.objects.get(code=SAN_THANG), "name": "HTX Mận"},
                             channel=Channel.SYSTEM)
    page.force_login(city_officer)
    assert page.post(f"/so-dang-ky/htx/{coop.pk}/so-lieu-nam/", {"year": 2023, "members": 9}).status_code == 302
    assert client_for(city_officer).post(f"/api/registries/cooperative/{coop.pk}/years", {"year": 2024, "members": 9},
                                         format="json").status_code == 200
    assert calls == [("do_evaluate_ocop", Channel.FORM), ("do_evaluate_ocop", Channel.API),
                     ("do_set_coop_year", Channel.FORM), ("do_set_coop_year", Channel.API)]
