"""Contract tests generated from the OpenAPI schema (schemathesis) against a live
server on loopback: every operation, positive and negative examples, must answer
without a server error and conform to the schema (status code, content type,
response body, documented headers).

The server runs with the units, the catalogue and a little data (values, a
programme with a target, a DHIS2 mapping) so lists are not empty; requests carry a
city officer's token, so every scope filter is on the path.

The schema is loaded from the live server (``schemathesis.openapi.from_url``) inside
the test, and each operation is driven by its own Hypothesis run
(``operation.as_strategy``): ``schemathesis.pytest.from_fixture`` cannot be used with
pytest 9 (schemathesis 4.32 writes ``request.node._nodeid``, which pytest 9 no longer
has), and one test keeps the flush-and-reload of the live-server database to once.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks, not_a_server_error

from accounts.models import Role
from api.models import Dhis2Instance, Dhis2Mapping, Kind
from datavalues.writing import FigureChange
from indicators.models import Indicator, Option
from periods.models import Period
from programmes.models import Programme
from programmes.writing import do_set_targets
from units.models import Unit

from .conftest import CITY, SAN_THANG, SUNG_PHAI, create_user, put_values

MAX_EXAMPLES = 20  # per operation and mode (positive, negative) for the core endpoints
RECORD_EXAMPLES = 5  # for the ~60 generic record endpoints of the domain apps (one code path, api/records.py)
CORE_PREFIXES = ("/api/units", "/api/unit-successions", "/api/indicators", "/api/periods", "/api/programmes",
                 "/api/targets", "/api/datavalues", "/api/rollup", "/api/progress", "/api/dhis2/")

# Hypothesis keeps caches in ./.hypothesis by default; keep them out of the source tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "bacthang-hypothesis")

load_all_checks()
from schemathesis.specs.openapi.checks import (  # noqa: E402  (registered by load_all_checks)
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]


def seed(django_user_model) -> str:
    user = create_user(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, CITY)
    put_values(("HERD", "PIG", SAN_THANG, "2023", 1200), ("HERD", "PIG", SUNG_PHAI, "2023", 800),
               ("CROP_AREA", "TEA", SAN_THANG, "2023", "41.8"), ("CROP_NEW_AREA", "TEA", SUNG_PHAI, "2021-2023", 20))
    programme = Programme.objects.create(code="05-NQ/TU", title="Phát triển nông nghiệp hàng hóa",
                                         unit=Unit.objects.get(code="12"), term=Period.objects.for_code("2021-2025"))
    ind = Indicator.objects.get(code="CROP_NEW_AREA")
    do_set_targets(programme, [FigureChange(ind, ind.option_for("TEA"), Unit.objects.get(code=CITY),
                                            Period.objects.for_code("2021-2025"), Decimal("60"),
                                            attrs=(("operator", ">="),))], channel="system")
    inst = Dhis2Instance.objects.create(name="hispvn")
    Dhis2Mapping.objects.create(instance=inst, kind=Kind.DATA_ELEMENT, uid="deHerd00001",
                                indicator=Indicator.objects.get(code="HERD"))
    Dhis2Mapping.objects.create(instance=inst, kind=Kind.CATEGORY_OPTION_COMBO, uid="cocPig00001",
                                option=Option.objects.get(disaggregation__code="SPECIES", code="PIG"))
    Dhis2Mapping.objects.create(instance=inst, kind=Kind.ORG_UNIT, uid="ouCity00001",
                                unit=Unit.objects.get(code=CITY))
    return Token.objects.create(user=user).key


def load_schema(base_url: str, token: str):
    """The schema needs a signed-in user, as every page but the login page."""
    return schemathesis.openapi.from_url(f"{base_url}/api/schema?format=json", timeout=30,
                                         headers={"Authorization": f"Token {token}"})


def run_operation(operation, mode: GenerationMode, base_url: str, headers: dict) -> None:
    """A bounded number of generated requests of one operation, each validated by CHECKS."""
    core = operation.path == "/api/" or operation.path.startswith(CORE_PREFIXES)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES if core else RECORD_EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), database=None, report_multiple_bugs=False)
    def run(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    run()


def test_every_operation_answers_without_server_error_and_as_documented(live_server, loaded_transactional_db,
                                                                         django_user_model):
    token = seed(django_user_model)
    schema = load_schema(live_server.url, token)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 15
    headers = {"Authorization": f"Token {token}"}
    failures = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                run_operation(operation, mode, live_server.url, headers)
            except Unsatisfiable:
                pass  # nothing of this operation can be made invalid (no parameters, no body)
            except Exception as e:  # noqa: BLE001 (collected, reported together below)
                failures[f"{mode.value} {operation.label}"] = e
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())


# Requests that must succeed: fuzzing rarely finds a valid unit, indicator and period together, so
# the success paths of the endpoints are also exercised explicitly and validated against the same schema.
GOOD = [
    ("GET", "/api/units", {}, {"parent": "12.105", "structure": "pre2025"}, None),
    ("GET", "/api/units/{code}", {"code": CITY}, {}, None),
    ("GET", "/api/unit-successions", {}, {"within": CITY}, None),
    ("GET", "/api/indicators", {}, {"group": "chan_nuoi", "active": "true"}, None),
    ("GET", "/api/indicators/{code}", {"code": "CROP_AREA"}, {}, None),
    ("GET", "/api/periods", {}, {"year": 2023}, None),
    ("GET", "/api/periods/{code}", {"code": "2024DX"}, {}, None),
    ("GET", "/api/periods/{code}", {"code": "2023Q4"}, {}, None),
    ("GET", "/api/programmes", {}, {}, None),
    ("GET", "/api/programmes/{code}", {"code": "05-NQ/TU"}, {}, None),
    ("GET", "/api/targets", {}, {"programme": "05-NQ/TU", "unit": CITY}, None),
    ("GET", "/api/datavalues", {}, {"indicator": "HERD", "unit": CITY, "period_from": "2023", "period_to": "2023"},
     None),
    ("GET", "/api/rollup", {}, {"indicator": "HERD", "unit": CITY, "period": "2023", "option": "PIG", "depth": 3},
     None),
    ("GET", "/api/rollup", {}, {"indicator": "CROP_AREA", "unit": "12.03408", "period": "2023"}, None),
    ("GET", "/api/progress", {}, {"programme": "05-NQ/TU", "unit": CITY, "period": "2021-2023"}, None),
    ("GET", "/api/dhis2/dataValueSets", {}, {"orgUnit": ["ouCity00001"], "children": "true", "period": ["2023"]},
     None),
    ("GET", "/api/dhis2/dataValueSets", {}, {"orgUnit": ["ouCity00001"], "children": "true", "period": ["2023"],
                                             "format": "csv"}, None),
    ("GET", "/api/dhis2/dataValueSets", {}, {"orgUnit": ["ouCity00001"], "children": "true", "period": ["2023"],
                                             "format": "adx"}, None),
    ("POST", "/api/datavalues/bulk", {}, {}, [
        {"indicator": "HERD", "option": "PIG", "unit": SAN_THANG, "period": "2024", "value": "1300.5",
         "comment": "ước", "version": 0},
        {"indicator": "HERD", "option": "PIG", "unit": SUNG_PHAI, "period": "2023", "delete": True}]),
    ("POST", "/api/dhis2/dataValueSets", {}, {"dryRun": "true"}, {"dataValues": [
        {"dataElement": "deHerd00001", "categoryOptionCombo": "cocPig00001", "orgUnit": "ouCity00001",
         "period": "2023Q4", "value": "12"}]}),
    ("POST", "/api/dhis2/dataValueSets", {}, {"dryRun": "true"},
     ("text/csv", "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
                  "deHerd00001,2023Q4,ouCity00001,cocPig00001,,12\n")),
    ("GET", "/api/dhis2/metadata", {}, {"instance": "hispvn", "unit": CITY}, None),
]


def test_the_success_paths_conform_to_the_schema(live_server, loaded_transactional_db, django_user_model):
    token = seed(django_user_model)
    schema = load_schema(live_server.url, token)
    headers = {"Authorization": f"Token {token}"}
    for method, path, path_parameters, query, body in GOOD:
        operation = schema[path][method]
        media_type, body = body if isinstance(body, tuple) else ("application/json", body)
        kwargs = {"body": body, "media_type": media_type} if body is not None else {}
        case = operation.Case(path_parameters=path_parameters, query=query, **kwargs)
        response = case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)
        assert response.status_code == 200, (method, path, query, response.text[:500])
