"""Every error the API gives is JSON with a Vietnamese message: hostile bodies (deep
nesting, oversized), Django's own refusals and error pages under /api/, the commands'
file errors."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory

from api.base import exception_handler
from api.models import Dhis2Instance
from audit.models import AuditEntry
from bacthang import urls as root_urls
from datavalues.models import DataValue
from registries.models import Farm

from .conftest import SAN_THANG

pytestmark = pytest.mark.django_db

DEEP = "[" * 2000 + "]" * 2000  # 4 KB that used to exhaust the parser's stack (RecursionError → 500)
WRITES = ["/api/datavalues/bulk", "/api/dhis2/dataValueSets", "/api/registries/farm"]
ENGLISH = ("Request", "request", "exceed", "Error", "JSON parse", "Expecting", "line ", "column", "<html")


@pytest.fixture
def dhis2_instance():
    return Dhis2Instance.objects.create(name="hispvn")


def detail_of(response) -> str:
    body = response.json()
    return body.get("detail") or body["description"]  # DHIS2's ImportSummary for the DHIS2 import


def assert_vietnamese(text: str) -> None:
    assert text and not any(w in text for w in ENGLISH), text


@pytest.mark.parametrize("url", WRITES)
def test_deeply_nested_json_is_refused_with_400_in_vietnamese(client_for, city_officer, dhis2_instance, url):
    r = client_for(city_officer).post(url, DEEP, content_type="application/json")
    assert r.status_code == 400 and r["Content-Type"] == "application/json"
    assert "JSON lồng quá sâu: tối đa 64 cấp" in detail_of(r)
    assert_vietnamese(detail_of(r))
    assert not DataValue.objects.exists() and not Farm.objects.exists() and not AuditEntry.objects.exists()


def test_the_dhis2_import_refuses_deep_json_in_its_import_summary(client_for, city_officer, dhis2_instance):
    body = client_for(city_officer).post(WRITES[1], '{"dataValues": ' + DEEP + "}",
                                         content_type="application/json").json()
    assert body["status"] == "ERROR" and body["importCount"]["imported"] == 0
    assert body["description"].startswith("Nội dung gửi lên bị từ chối: JSON lồng quá sâu")


def test_nesting_within_the_limit_is_still_read(client_for, city_officer):
    value = {"indicator": "HERD", "option": "PIG", "unit": SAN_THANG, "period": "2023", "value": "1",
             "comment": "[" * 500}  # brackets inside a string do not count
    r = client_for(city_officer).post(WRITES[0], json.dumps([value]), content_type="application/json")
    assert r.status_code == 200 and r.json()["created"] == 1


@pytest.mark.parametrize("url", WRITES)
@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_an_oversized_body_answers_413_json_in_vietnamese(client_for, city_officer, dhis2_instance, settings, url,
                                                          accept):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    body = json.dumps([{"indicator": "HERD", "option": "PIG", "unit": SAN_THANG, "period": "2023",
                        "value": "1"}] * 400)
    assert len(body) > 20_000
    r = client_for(city_officer).post(url, body, content_type="application/json", HTTP_ACCEPT=accept)
    assert r.status_code == 413
    if accept == "application/json":
        assert r["Content-Type"] == "application/json"
        assert detail_of(r) == "Nội dung gửi lên quá lớn (tối đa 20 KB); hãy chia thành nhiều lần gửi."
    else:  # the signed-in browser's page of DRF, still our message
        assert "Nội dung gửi lên quá lớn" in r.content.decode()
    assert not DataValue.objects.exists()


def test_the_413_states_the_limit_in_megabytes(client_for, city_officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default
    r = client_for(city_officer).post(WRITES[0], "[" + " " * 2_700_000 + "]", content_type="application/json")
    assert r.status_code == 413 and r.json() == {
        "detail": "Nội dung gửi lên quá lớn (tối đa 2,5 MB); hãy chia thành nhiều lần gửi."}


def test_djangos_refusals_raised_inside_a_view_become_ours():
    too_big = exception_handler(RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."), {})
    assert too_big.status_code == 413 and too_big.data["detail"].startswith("Nội dung gửi lên quá lớn")
    many = exception_handler(TooManyFieldsSent("The number of GET/POST parameters exceeded"), {})
    assert many.status_code == 400 and many.data == {"detail": "Nội dung gửi lên có quá nhiều trường (tối đa 1000)."}


def test_refusals_before_any_api_view_are_json_too(client, city_officer):
    """The token page is a Django form: the CSRF middleware reads the body before the view."""
    client.force_login(city_officer)
    r = client.post("/api/ma-truy-cap", {f"f{i}": "x" for i in range(1100)})
    assert r.status_code == 400 and r["Content-Type"] == "application/json"
    assert r.json() == {"detail": "Nội dung gửi lên có quá nhiều trường (tối đa 1000)."}


def test_the_handlers_answer_json_under_api_and_djangos_pages_elsewhere():
    rf = RequestFactory()
    api, page = rf.get("/api/units"), rf.get("/tong-quan/12/")
    cases = [(root_urls.bad_request, RequestDataTooBig("x"), 413, "Nội dung gửi lên quá lớn"),
             (root_urls.bad_request, ValueError("x"), 400, "Yêu cầu không hợp lệ."),
             (root_urls.permission_denied, PermissionError("x"), 403, "Bạn không có quyền"),
             (root_urls.page_not_found, LookupError("x"), 404, "Không tìm thấy.")]
    for handler, exc, status, message in cases:
        r = handler(api, exc)
        assert r.status_code == status and r["Content-Type"] == "application/json", handler
        assert json.loads(r.content)["detail"].startswith(message)
        assert not handler(page, exc)["Content-Type"].startswith("application/json")
    r = root_urls.server_error(api)
    assert r.status_code == 500 and json.loads(r.content)["detail"].startswith("Lỗi máy chủ")
    assert root_urls.server_error(page)["Content-Type"].startswith("text/html")


def test_an_unknown_api_url_answers_json_404(client_for, city_officer):
    r = client_for(city_officer).get("/api/khong-co/gi-ca")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"
    assert r.json() == {"detail": "Không tìm thấy."}
    assert Client().get("/khong-co-trang-nay/")["Content-Type"].startswith("text/html")  # pages keep their 404


def test_an_uncaught_error_in_an_api_view_answers_json_500(client_for, city_officer, monkeypatch):
    from api import views

    def boom(self, request):
        raise RuntimeError("bug")

    monkeypatch.setattr(views.RootView, "get", boom)
    client = client_for(city_officer)
    client.raise_request_exception = False
    r = client.get("/api/")
    assert r.status_code == 500 and r["Content-Type"] == "application/json"
    assert r.json()["detail"].startswith("Lỗi máy chủ")


def test_a_csrf_failure_under_api_is_json(city_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city_officer)
    r = client.post("/api/ma-truy-cap", {"action": "create"})
    assert r.status_code == 403 and r["Content-Type"] == "application/json"
    assert "phiên đăng nhập đã hết hạn" in r.json()["detail"]


# --------------------------------------------------------------------------- dhis2_import

def run_import(path) -> str:
    with pytest.raises(CommandError) as e:
        call_command("dhis2_import", str(path), "--instance", "hispvn", "--user", "quantri")
    assert e.value.returncode != 0
    return str(e.value)


def test_dhis2_import_of_a_missing_file_says_so_in_vietnamese(dhis2_instance, admin, tmp_path):
    message = run_import(tmp_path / "khong-co.json")
    assert message == f"Không tìm thấy tệp '{tmp_path / 'khong-co.json'}'."
    assert "Errno" not in message and "No such file" not in message
    assert run_import(tmp_path) == f"'{tmp_path}' là một thư mục, không phải tệp."


@pytest.mark.parametrize("content,message", [
    ('{"dataValues": []} {}', "bị từ chối: JSON không hợp lệ ở dòng 1, cột 20: có dữ liệu thừa"),
    ('{"dataValues": ' + DEEP + "}", "bị từ chối: JSON lồng quá sâu"),
    (b"\xff\xfe{", "không mã hóa UTF-8"),
    (b'{"dataValues": "\xff"}', "Tệp JSON không mã hóa UTF-8: dòng 1 có ký tự không đọc được"),
])
def test_dhis2_import_of_bad_json_says_so_in_vietnamese(dhis2_instance, admin, tmp_path, content, message):
    path = tmp_path / "dvs.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    text = run_import(path)
    assert message in text and "Extra data" not in text and "line 1" not in text
    assert not DataValue.objects.exists()
