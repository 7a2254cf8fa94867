"""The authorization matrix: every URL of the product, for every role, inside and outside
the role's territory.

* Every route is listed here (``ROUTES``) with how to fill its parameters from the demo
  data and the unit its object belongs to; a new view that is not listed makes
  ``test_every_route_is_in_the_matrix`` fail — add it, with its scope check.
* Anonymous visitors get a login redirect (pages) or 401/403 (API), never the page.
* A user who may read the object's unit (``accounts.scope.can_read``) gets the page, a
  redirect, 403 (role) or 405 (method) — never a server error; at least one role gets it.
* A user who may not read it gets exactly what a nonexistent object would give (404,
  or a role refusal given for any object) — so nothing about other subtrees leaks —
  and a POST from such a user changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Profile, Role
from accounts.scope import can_read
from audit.models import AuditEntry
from demo.loading import ensure_demo_users, load_demo
from units.models import Unit

pytestmark = pytest.mark.django_db

MISSING_ID = 987654321
MISSING_UNIT = "99.999"


def walk(patterns, prefix="", ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{ns}:{p.name}" if ns else p.name), p


def product_routes():
    return [(route, name) for route, name, _ in walk(get_resolver().url_patterns)
            if not route.startswith("admin/") and name]


# --------------------------------------------------------------------------- objects
def first(model_path: str, **filters):
    from django.apps import apps

    app, model = model_path.split(".")
    obj = apps.get_model(app, model).objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo data has no {model_path} {filters}"
    return obj


def obj_unit(obj) -> Unit:
    for field in ("unit", "home_unit", "eligible_unit"):
        unit = getattr(obj, field, None)
        if isinstance(unit, Unit):
            return unit
    for parent in ("product", "cooperative", "policy", "application", "campaign", "evaluation"):
        holder = getattr(obj, parent, None)
        if holder is not None:
            return obj_unit(holder)
    raise AssertionError(f"no unit for {obj!r}")


def by_pk(model_path, **filters) -> Callable:
    """Route kwargs {pk: object} → (kwargs, kwargs for a missing object, the object's unit)."""

    def make(route_kwargs: dict):
        obj = first(model_path, **filters)
        extra = {k: v for k, v in route_kwargs.items()}
        return {**extra, "pk": obj.pk}, {**extra, "pk": MISSING_ID}, obj_unit(obj)

    return make


def by_unit(param="unit_code", unit_code="12.105", extra: dict | None = None) -> Callable:
    extra = extra or {}

    def make(_):
        unit = Unit.objects.get(code=unit_code)
        return {param: unit_code, **extra}, {param: MISSING_UNIT, **extra}, unit

    return make


def api_record(app: str, model: str) -> Callable:
    def make(_):
        obj = first(f"{app}.{model}")
        return {"id": obj.pk}, {"id": MISSING_ID}, obj_unit(obj) if not _unitless(obj) else None

    return make


def _unitless(obj) -> bool:
    try:
        obj_unit(obj)
        return False
    except AssertionError:
        return True


def public_entry(_):
    entry = first("catalogue.PublicProduct", published=True)
    return {"public_id": entry.public_id}, {"public_id": "khongco"}, None


def registry(slug: str, model: str) -> Callable:
    def make(_):
        obj = first(f"registries.{model}")
        return {"registry": slug, "pk": obj.pk}, {"registry": slug, "pk": MISSING_ID}, obj.unit

    return make


def ocop_evaluation(_):
    ev = first("registries.OcopEvaluation", result="cho_danh_gia")
    return ({"pk": ev.product_id, "evaluation": ev.pk}, {"pk": MISSING_ID, "evaluation": MISSING_ID},
            ev.product.unit)


def support_item(_):
    item = first("support.SupportItem")
    return ({"policy_pk": item.policy_id, "pk": item.pk}, {"policy_pk": MISSING_ID, "pk": MISSING_ID},
            item.policy.unit)


def policy_child(_):
    policy = first("support.Policy")
    return {"policy_pk": policy.pk}, {"policy_pk": MISSING_ID}, policy.unit


def collection_entry(_):
    return ({"form_code": "BC_THANG_HUYEN", "unit_code": "12.105", "period_code": "202312"},
            {"form_code": "BC_THANG_HUYEN", "unit_code": MISSING_UNIT, "period_code": "202312"},
            Unit.objects.get(code="12.105"))


def api_code(param_value: str, unit_code: str | None = None) -> Callable:
    def make(_):
        return ({"code": param_value}, {"code": "KHONG_CO"}, Unit.objects.get(code=unit_code) if unit_code else None)

    return make


def by_job(_):
    from django.contrib.auth import get_user_model

    from jobs.models import Job

    job = Job.objects.filter(created_by__username="tinh").first() or Job.objects.create(
        kind="import_values", title="Nhập tệp thử", created_by=get_user_model().objects.get(username="tinh"))
    return {"pk": job.pk}, {"pk": MISSING_ID}, None


# Routes without parameters need no entry.  Routes with parameters: a maker returning
# (kwargs, kwargs for a missing object, unit of the object or None when not unit-scoped).
ROUTES: dict[str, Callable] = {
    # web
    "web:dashboard": by_unit(),
    "web:indicator": by_unit(extra={"code": "CROP_AREA"}),
    "web:commune_table": by_unit(),
    "web:commune_table_xlsx": by_unit(),
    "web:help_role": lambda _: ({"slug": "xa"}, {"slug": "khong-co"}, None),
    # jobs: a job is its requester's (not unit-scoped); another user's job answers 404
    "maps:unit": by_unit(),
    "jobs:detail": by_job,
    "jobs:status": by_job,
    "jobs:result": by_job,
    # collection
    "collection:entry": collection_entry,
    "collection:template": collection_entry,
    # registries
    "registries:detail": registry("htx", "Cooperative"),
    "registries:edit": registry("htx", "Cooperative"),
    "registries:end": registry("htx", "Cooperative"),
    "registries:list": lambda _: ({"registry": "htx"}, {"registry": "khong-co"}, None),
    "registries:create": lambda _: ({"registry": "htx"}, {"registry": "khong-co"}, None),
    "registries:template": lambda _: ({"registry": "htx"}, {"registry": "khong-co"}, None),
    "registries:import": lambda _: ({"registry": "htx"}, {"registry": "khong-co"}, None),
    "registries:export": lambda _: ({"registry": "htx"}, {"registry": "khong-co"}, None),
    "registries:ocop_propose": by_pk("registries.OcopProduct"),
    "registries:ocop_evaluate": ocop_evaluation,
    "registries:coop_year": by_pk("registries.Cooperative"),
    # support
    "support:application": by_pk("support.Application"),
    "support:application_edit": by_pk("support.Application"),
    "support:step": lambda kw: (lambda t: ({**t[0], "step": "duyet"}, {**t[1], "step": "duyet"}, t[2]))(
        by_pk("support.Application")(kw)),
    "support:policy_edit": by_pk("support.Policy"),
    "support:item_new": policy_child,
    "support:item_edit": support_item,
    "support:loan": by_pk("support.Loan"),
    "support:loan_step": lambda kw: (lambda t: ({**t[0], "step": "duyet"}, {**t[1], "step": "duyet"}, t[2]))(
        by_pk("support.Loan")(kw)),
    # capital
    "capital:plan_edit": by_pk("capital.PlanLine"),
    "capital:disbursement_edit": by_pk("capital.Disbursement"),
    "capital:entry": lambda kw: (lambda t: ({**t[0], "kind": "ke-hoach"}, {**t[1], "kind": "ke-hoach"}, t[2]))(
        by_pk("capital.PlanLine")(kw)),
    "capital:entry_delete": lambda kw: (lambda t: ({**t[0], "kind": "ke-hoach"}, {**t[1], "kind": "ke-hoach"},
                                                   t[2]))(by_pk("capital.PlanLine")(kw)),
    # works
    "works:detail": by_pk("works.Work"),
    "works:edit": by_pk("works.Work"),
    "works:step": lambda kw: (lambda t: ({**t[0], "step": "hoan-thanh"}, {**t[1], "step": "hoan-thanh"}, t[2]))(
        by_pk("works.Work")(kw)),
    # incidents
    "incidents:outbreak": by_pk("incidents.Outbreak"),
    "incidents:outbreak_edit": by_pk("incidents.Outbreak"),
    "incidents:outbreak_contain": by_pk("incidents.Outbreak"),
    "incidents:violation": by_pk("incidents.ForestViolation"),
    "incidents:violation_edit": by_pk("incidents.ForestViolation"),
    "incidents:violation_handle": by_pk("incidents.ForestViolation"),
    "incidents:campaign": by_pk("incidents.VaccinationCampaign"),
    "incidents:campaign_mark": by_pk("incidents.VaccinationProgress"),
    # tasks (a task belongs to its lead office's unit; visible also through supporting offices)
    "tasks:detail": lambda _: task_route("tasks.Task"),
    "tasks:update": lambda _: task_route("tasks.Task"),
    "tasks:evidence": lambda _: task_route("tasks.TaskUpdate"),
    # legacy reports (a report and its candidates belong to the report's unit)
    "legacy:document": by_pk("legacy.LegacyDocument"),
    "legacy:bulk_confirm": by_pk("legacy.LegacyDocument"),
    "legacy:confirm": lambda _: legacy_candidate(),
    "legacy:discard": lambda _: legacy_candidate(),
    # reports (templates are for administrators; kinds are not unit-scoped)
    "reports:template_upload": lambda _: ({"kind": "monthly"}, {"kind": "khong-co"}, None),
    "reports:template_reset": lambda _: ({"kind": "monthly"}, {"kind": "khong-co"}, None),
    "reports:template_download": lambda _: ({"kind": "monthly", "which": "mac-dinh"},
                                            {"kind": "khong-co", "which": "mac-dinh"}, None),
    "reports:issued_detail": by_pk("reports.IssuedReport"),
    "reports:issued_download": by_pk("reports.IssuedReport"),
    # ruraldev
    "ruraldev:set": lambda _: ({"pk": first("ruraldev.CriteriaSet").pk}, {"pk": MISSING_ID}, None),
    "ruraldev:matrix": by_unit(),
    "ruraldev:matrix_export": by_unit(),
    "ruraldev:commune": by_unit(unit_code="12.105.03409"),
    "ruraldev:evaluation_new": by_unit(unit_code="12.105.03409"),
    "ruraldev:recognition_new": by_unit(unit_code="12.105.03409"),
    "ruraldev:evaluation": by_pk("ruraldev.Evaluation"),
    "ruraldev:evaluation_save": by_pk("ruraldev.Evaluation"),
    "ruraldev:evidence_upload": by_pk("ruraldev.Evaluation"),
    "ruraldev:evaluation_step": lambda kw: (lambda t: ({**t[0], "step": "nop"}, {**t[1], "step": "nop"}, t[2]))(
        by_pk("ruraldev.Evaluation")(kw)),
    "ruraldev:evidence_file": by_pk("ruraldev.Evidence"),
    "ruraldev:evidence_delete": by_pk("ruraldev.Evidence"),
    "ruraldev:recognition_withdraw": by_pk("ruraldev.Recognition"),
    "api:ruraldev-evaluation-sheet": api_record("ruraldev", "Evaluation"),
    "api:ruraldev-evaluation-results": api_record("ruraldev", "Evaluation"),
    "api:ruraldev-evaluation-step": lambda kw: (lambda t: ({**t[0], "step": "submit"}, {**t[1], "step": "submit"},
                                                           t[2]))(api_record("ruraldev", "Evaluation")(kw)),
    # api
    "api:unit": by_unit(param="code"),
    "api:indicator": api_code("HERD"),
    "api:period": api_code("202312"),
    "api:programme": lambda _: ({"code": "KH-2023-TPLC"}, {"code": "KHONG-CO"}, Unit.objects.get(code="12.105")),
    # registries' workflows through the API (POST; a GET answers 405 inside and outside alike)
    **{f"api:registries-ocopproduct-{step}": api_record("registries", "OcopProduct")
       for step in ("propose", "evaluate", "certify", "request-upgrade", "revoke")},
    **{f"api:registries-{model.lower()}-{step}": api_record("registries", model)
       for model in ("Certification", "PlantingCode") for step in ("renew", "expire", "revoke")},
    "api:registries-cooperative-years": api_record("registries", "Cooperative"),
    # the public OCOP catalogue (no login; not unit-scoped: every visitor sees the same public pages)
    **{f"catalogue:{name}": public_entry for name in ("product", "product_qr_png", "product_qr_svg",
                                                      "product_labels")},
    "catalogue:photo": lambda kw: (lambda t: ({**t[0], "photo_id": MISSING_ID}, {**t[1], "photo_id": MISSING_ID},
                                              None))(public_entry(kw)),
    **{f"catalogue:{name}": lambda _: ({"public_id": "khongcolo"}, {"public_id": "khongco"}, None)
       for name in ("batch", "batch_qr_png", "batch_qr_svg", "batch_labels")},
    "catalogue:digital_link": lambda _: ({"gtin": "08930000000019"}, {"gtin": "00000000000000"}, None),
    "catalogue:digital_link_lot": lambda _: ({"gtin": "08930000000019", "lot": "L1"},
                                             {"gtin": "00000000000000", "lot": "L1"}, None),
}


# Routes whose unit comes in the query string: (query inside, query for a missing unit, unit code).
QUERY_ROUTES = {
    "reports:draft": ({"kind": "monthly", "unit": "12.105", "period": "202312"},
                      {"kind": "monthly", "unit": MISSING_UNIT, "period": "202312"}, "12.105"),
    "api:rollup": ({"indicator": "HERD", "unit": "12.105", "period": "202312"},
                   {"indicator": "HERD", "unit": MISSING_UNIT, "period": "202312"}, "12.105"),
    "api:progress": ({"programme": "KH-2023-TPLC", "unit": "12.105", "period": "2023"},
                     {"programme": "KH-2023-TPLC", "unit": MISSING_UNIT, "period": "2023"}, "12.105"),
    "api:dhis2-datavaluesets": ({"instance": "doi-tac", "orgUnit": "LaiChauCity", "period": "202312"},
                                {"instance": "doi-tac", "orgUnit": "NoSuchUnit1", "period": "202312"}, "12.105"),
}


def concerns(user, unit, kwargs) -> bool:
    """Programmes are visible to the units they were issued for, below and above them."""
    from accounts.scope import assigned_units

    return can_read(user, unit) or any(unit.contains(u) for u in assigned_units(user))


def campaign_visible(user, unit, kwargs) -> bool:
    """A vaccination campaign is visible to the units it targets."""
    from accounts.scope import readable_units
    from incidents.models import VaccinationProgress

    return can_read(user, unit) or VaccinationProgress.objects.filter(
        campaign_id=kwargs["pk"], unit__in=readable_units(user)).exists()


def task_route(model_path):
    obj = first(model_path, **({"evidence_name__gt": ""} if model_path == "tasks.TaskUpdate" else {}))
    task = getattr(obj, "task", obj)
    return {"pk": obj.pk}, {"pk": MISSING_ID}, task.lead.unit


def legacy_candidate():
    c = first("legacy.LegacyCandidate")
    return {"pk": c.pk}, {"pk": MISSING_ID}, c.document.unit


def task_visible(user, unit, kwargs) -> bool:
    """A task is visible through its lead and supporting offices (tasks.scope)."""
    from tasks.scope import visible_tasks

    return visible_tasks(user).filter(pk=kwargs["pk"]).exists()


def evidence_visible(user, unit, kwargs) -> bool:
    from tasks.models import TaskUpdate

    return task_visible(user, unit, {"pk": TaskUpdate.objects.get(pk=kwargs["pk"]).task_id})


# Routes whose objects are visible by another rule than can_read(user, object's unit).
VISIBILITY = {"api:programme": concerns, "incidents:campaign": campaign_visible, "tasks:detail": task_visible,
              "tasks:update": task_visible, "tasks:evidence": evidence_visible}


def _api_records():
    from api.records import discover

    for res in discover():
        yield f"api:{res.app}-{res.model._meta.model_name}-detail", res


@pytest.fixture
def world(django_user_model, settings, tmp_path):
    settings.DEBUG = True  # the demo loader refuses to run otherwise
    settings.RURALDEV_EVIDENCE_ROOT = str(tmp_path / "evidence")
    load_demo(["12", "02"])
    ensure_demo_users()
    _records_the_demo_lacks()
    from api.models import Dhis2Instance, Dhis2Mapping

    partner = Dhis2Instance.objects.create(name="doi-tac")
    Dhis2Mapping.objects.create(instance=partner, kind="orgUnit", uid="LaiChauCity",
                                unit=Unit.objects.get(code="12.105"))
    ha_giang = Unit.objects.get(code="02")
    district = Unit.objects.filter(parent=ha_giang).order_by("code").first()
    commune = Unit.objects.filter(parent=district).order_by("code").first()
    users = {u.username: u for u in django_user_model.objects.filter(
        username__in=["tinh", "thanhpho", "santhang", "lanhdao", "admin"])}
    outsiders = [("hg_tinh", Role.PROVINCE_OFFICER, ha_giang), ("hg_huyen", Role.DISTRICT_OFFICER, district),
                 ("hg_xa", Role.COMMUNE_OFFICER, commune), ("hg_lanhdao", Role.LEADER, ha_giang)]
    for name, role, unit in outsiders:
        user = django_user_model.objects.create_user(name, password="x")
        Profile.objects.create(user=user, role=role).units.set([unit])
        users[name] = user
    return users


def _records_the_demo_lacks():
    """One record of each model the demo data has none of, so every route can be opened."""
    import datetime as dt

    from legacy.actions import do_upload
    from tasks.models import Task, TaskUpdate

    do_upload("Tổng đàn gia súc của thành phố ước đạt 12.350 con.".encode(), "bc-cu.txt",
              unit=Unit.objects.get(code="12.105"), channel="import")
    if not TaskUpdate.objects.filter(evidence_name__gt="").exists():
        TaskUpdate.objects.create(task=Task.objects.get(reference="KH2023-PKT-2"), on=dt.date(2023, 9, 1),
                                  status="dang", evidence=b"%PDF-1.4", evidence_name="bien-ban.pdf",
                                  evidence_type="application/pdf")

    from registries.models import Cooperative, CooperativeYear, PlantingCode
    from support.models import Application, Loan

    coop = Cooperative.objects.order_by("pk").first()
    CooperativeYear.objects.get_or_create(cooperative=coop, year=2023, defaults={"revenue": 467, "members": 12})
    PlantingCode.objects.get_or_create(code="VN-LCTP-0001", defaults=dict(
        unit=Unit.objects.get(code="12.105.03409"), crop="Chè", holder="HTX mẫu", is_placeholder=True))
    from registries.actions import do_propose_ocop
    from registries.models import EvaluationResult, OcopProduct

    if not OcopProduct.objects.filter(evaluations__result=EvaluationResult.PENDING).exists():
        product = OcopProduct.objects.exclude(evaluations__result=EvaluationResult.PENDING).order_by("pk").first()
        do_propose_ocop(product, proposed_on=dt.date(2026, 3, 1), proposer=product.unit, channel="system")
    from periods.models import Period
    from reports.models import IssuedReport

    if not IssuedReport.objects.exists():
        IssuedReport.objects.create(kind="monthly", unit=Unit.objects.get(code="12.105"),
                                    period=Period.objects.for_code("202312"), summary="Báo cáo tháng 12/2023",
                                    issued_on=dt.date(2024, 1, 10), filename="bao-cao.docx", docx=b"", sha256="",
                                    text="", figures=[])
    from django.core.files.base import ContentFile

    from ruraldev.models import Evaluation, Evidence, Level, Recognition

    evaluation = Evaluation.objects.order_by("pk").first()
    if not Evidence.objects.exists():
        evidence = Evidence(evaluation=evaluation, original_name="bien-ban.pdf", content_type="application/pdf",
                            size=5)
        evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-"), save=True)
    Recognition.objects.get_or_create(unit=evaluation.unit, level=Level.BASIC, decision_number="1/QĐ-UBND",
                                      defaults={"decided_on": dt.date(2024, 1, 1)})
    app = Application.objects.select_related("item", "beneficiary").order_by("pk").first()
    if not Loan.objects.exists():
        Loan.objects.create(item=app.item, beneficiary=app.beneficiary, unit=app.unit, area_ha=1, amount=50,
                            applied_on=dt.date(2023, 5, 1))


def test_every_route_is_in_the_matrix():
    api_records = dict(_api_records())
    missing = []
    for route, name in product_routes():
        if "<" not in route or name in ROUTES or name in api_records:
            continue
        missing.append(f"{name} ({route})")
    assert missing == [], "Routes with parameters but no entry in the authorization matrix: " + ", ".join(missing)


def _client(user) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_every_route_refuses_anonymous_visitors(world):
    anon = Client()
    failures = []
    for route, name in product_routes():
        if name in ("web:login", "web:logout", "api:schema", "api:docs", "api:root") or name.startswith("catalogue:"):
            continue
        kwargs = _kwargs_for(name, route)
        if kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs[0]) if kwargs[0] else reverse(name)
        status = anon.get(url).status_code
        if status not in (301, 302, 401, 403, 405):
            failures.append(f"{name}: anonymous GET {url} → {status}")
    assert failures == []


def _kwargs_for(name: str, route: str):
    if "<" not in route:
        return ({}, {}, None)
    if name in ROUTES:
        return ROUTES[name]({})
    for api_name, res in _api_records():
        if api_name == name:
            return api_record(res.app, res.model.__name__)({})
    return None


def test_every_route_answers_by_scope_and_leaks_nothing_outside_it(world):
    clients = {name: _client(user) for name, user in world.items()}
    failures, served = [], {}
    for route, name in product_routes():
        if name in ("web:logout",):
            continue
        made = _kwargs_for(name, route)
        if made is None:
            continue
        kwargs, missing_kwargs, unit = made
        url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
        missing_url = reverse(name, kwargs=missing_kwargs) if missing_kwargs else None
        if name in QUERY_ROUTES:
            query, missing_query, code = QUERY_ROUTES[name]
            url, missing_url = f"{url}?{urlencode(query)}", f"{url}?{urlencode(missing_query)}"
            unit = Unit.objects.get(code=code)
        visible = VISIBILITY.get(name, lambda user, unit, kw: can_read(user, unit))
        for uname, user in world.items():
            c = clients[uname]
            status = c.get(url).status_code
            if status >= 500:
                failures.append(f"{name}: {uname} GET {url} → {status}")
                continue
            inside = unit is None or visible(user, unit, kwargs)
            if inside:
                if status not in (200, 302, 403, 404, 405):
                    failures.append(f"{name}: {uname} GET {url} → {status}")
                if status in (200, 302, 405):  # 405: a POST-only action the user reaches
                    served[name] = True
                continue
            # Outside the user's territory: exactly what a nonexistent object gives, never the page.
            missing_status = c.get(missing_url).status_code if missing_url else 404
            if status in (200, 302) or status != missing_status:
                failures.append(f"{name}: {uname} (outside) GET {url} → {status}, missing object → {missing_status}")
            before = AuditEntry.objects.count()
            post = c.post(url, {}).status_code
            post_missing = c.post(missing_url, {}).status_code if missing_url else 404
            if post in (200, 201, 302) or post != post_missing or AuditEntry.objects.count() != before:
                failures.append(f"{name}: {uname} (outside) POST {url} → {post}, missing object → {post_missing}")
    never = [name for route, name in product_routes() if "<" in route and name not in served
             and name in ROUTES and ROUTES[name]({})[2] is not None]
    assert failures == [], "\n".join(failures)
    assert never == [], "No role could open these pages with their own objects: " + ", ".join(never)


def test_api_lists_hold_only_records_of_the_users_territory(world):
    from api.records import discover

    c = _client(world["hg_tinh"])
    leaks = []
    for res in discover():
        if _scope_field(res) is None:
            continue
        url = f"/api/{res.app}/{res.model._meta.model_name}"
        data = c.get(url, {"page_size": 1000}).json()
        for row in data.get("results", []):
            obj = res.model.objects.get(pk=row["id"])
            if not can_read(world["hg_tinh"], obj_unit(obj)):
                leaks.append(f"{url}: {row['id']}")
    assert leaks == []


def _scope_field(res):
    return res.scope


# --------------------------------------------------------------------------- command-line writers
# Every writer that acts for a user checks that user's scope in the one write path
# (``datavalues.writing``) or in the registry importer: a file row outside the user's
# territory refuses the whole file, nothing is written and nothing is audited.

HA_GIANG = "02"
SAN_THANG = "12.105.03409"


@pytest.fixture
def cli_users(db, settings):
    settings.DEBUG = True  # ensure_demo_users creates the demo accounts only with DEBUG on
    ensure_demo_users()
    from programmes.models import Programme

    Programme.objects.create(code="KH-TEST", title="Kế hoạch thử", unit=Unit.objects.get(code="12.105"),
                             term=_period("2021-2025"))


def _period(code):
    from periods.models import Period

    return Period.objects.for_code(code)


def _long_file(tmp_path, *rows: str) -> str:
    path = tmp_path / "values.csv"
    path.write_text("indicator,option,unit,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def _refused(command: str, *args) -> str:
    from io import StringIO

    from django.core.management import CommandError, call_command

    err = StringIO()
    with pytest.raises(CommandError):
        call_command(command, *args, stderr=err, stdout=StringIO())
    return err.getvalue()


def _written() -> tuple[int, int, int]:
    from datavalues.models import DataValue
    from programmes.models import Target

    return DataValue.objects.count(), Target.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("user,unit,message", [
    ("santhang", HA_GIANG, "nằm ngoài phạm vi của santhang"),
    ("tinh", "08", "nằm ngoài phạm vi của tinh"),
    ("lanhdao", SAN_THANG, "lanhdao không có quyền ghi số liệu của Xã San Thàng"),
    ("thanhpho", HA_GIANG, "nằm ngoài phạm vi của thanhpho"),
])
def test_import_values_for_a_user_refuses_rows_outside_the_users_scope(cli_users, tmp_path, user, unit, message):
    before = _written()
    path = _long_file(tmp_path, f"CROP_AREA,TEA,{SAN_THANG},2023,10", f"HERD,PIG,{unit},2023,20")
    err = _refused("import_values", path, "--user", user)
    assert message in err and "dòng 3" in err.lower()
    assert _written() == before


def test_import_values_for_a_user_in_scope_writes_and_audits_as_that_user(cli_users, tmp_path):
    from django.core.management import call_command

    call_command("import_values", _long_file(tmp_path, f"HERD,PIG,{SAN_THANG},2023,10"), "--user", "santhang",
                 stdout=__import__("io").StringIO())
    assert list(AuditEntry.objects.values_list("username", "unit_code")) == [("santhang", SAN_THANG)]


@pytest.mark.parametrize("user,unit,message", [
    ("santhang", SAN_THANG, "santhang không có quyền đặt mục tiêu"),
    ("lanhdao", "12.105", "lanhdao không có quyền đặt mục tiêu"),
    ("thanhpho", HA_GIANG, "nằm ngoài phạm vi của thanhpho"),
])
def test_import_targets_for_a_user_refuses_targets_outside_the_users_role_or_scope(cli_users, tmp_path, user, unit,
                                                                                 message):
    before = _written()
    path = _long_file(tmp_path, f"CROP_AREA,RICE,{unit},2025,10")
    err = _refused("import_targets", path, "--programme", "KH-TEST", "--user", user)
    assert message in err
    assert _written() == before


def test_import_targets_for_the_city_officer_in_scope_is_written(cli_users, tmp_path):
    from django.core.management import call_command

    call_command("import_targets", _long_file(tmp_path, f"CROP_AREA,RICE,{SAN_THANG},2025,135"),
                 "--programme", "KH-TEST", "--user", "thanhpho", stdout=__import__("io").StringIO())
    assert _written()[1] == 1


def test_registry_import_for_a_user_refuses_rows_outside_the_users_scope(cli_users):
    from django.contrib.auth import get_user_model

    from bacthang.lib.importing import ImportFailed
    from registries.importing import import_registry
    from registries.models import Farm
    from registries.specs import SPECS

    data = f"Mã đơn vị,Chủ trang trại\n{SAN_THANG},Mai Đình Đồng\n{HA_GIANG}.024,Lò Văn B\n".encode()
    before = (_written(), Farm.objects.count())
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["trang-trai"], data, user=get_user_model().objects.get(username="thanhpho"))
    assert "Dòng 3, cột Mã đơn vị" in str(e.value) and "phạm vi" in str(e.value)
    assert (_written(), Farm.objects.count()) == before


def test_dhis2_import_for_a_user_refuses_values_outside_the_users_scope(cli_users, tmp_path):
    import json

    from api.models import Dhis2Instance, Dhis2Mapping, Kind
    from indicators.models import Indicator, Option

    inst = Dhis2Instance.objects.create(name="hispvn", url="https://dhis2.example.org")
    Dhis2Mapping.objects.create(instance=inst, kind=Kind.DATA_ELEMENT, uid="deHerd00001",
                                indicator=Indicator.objects.get(code="HERD"))
    Dhis2Mapping.objects.create(instance=inst, kind=Kind.CATEGORY_OPTION_COMBO, uid="cocPig00001",
                                option=Option.objects.get(disaggregation__code="SPECIES", code="PIG"))
    for uid, code in [("ouSanThang1", SAN_THANG), ("ouHaGiang01", HA_GIANG)]:
        Dhis2Mapping.objects.create(instance=inst, kind=Kind.ORG_UNIT, uid=uid, unit=Unit.objects.get(code=code))
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"dataValues": [
        {"dataElement": "deHerd00001", "categoryOptionCombo": "cocPig00001", "orgUnit": ou, "period": "2023",
         "value": "5"} for ou in ("ouSanThang1", "ouHaGiang01")]}), encoding="utf-8")
    before = _written()
    err = _refused("dhis2_import", str(path), "--instance", "hispvn", "--user", "santhang")
    assert "phạm vi" in err
    assert _written() == before
