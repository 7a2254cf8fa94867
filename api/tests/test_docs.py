import re

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_the_schema_describes_every_endpoint(client_for, leader):
    r = client_for(leader).get("/api/schema")
    assert r.status_code == 200
    schema = yaml.safe_load(r.content)
    assert schema["info"]["title"] == "Bậc Thang API"
    paths = set(schema["paths"])
    assert {"/api/units", "/api/units/{code}", "/api/indicators", "/api/periods", "/api/programmes",
            "/api/targets", "/api/datavalues", "/api/datavalues/bulk", "/api/rollup", "/api/progress",
            "/api/dhis2/dataValueSets"} <= paths
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"
    listing = schema["paths"]["/api/datavalues"]["get"]
    assert {"page", "page_size"} <= {p["name"] for p in listing["parameters"]}
    assert "count" in schema["components"]["schemas"]["PaginatedDataValueList"]["properties"]


def test_the_docs_page_is_served_whole_without_any_outside_resource(client, leader):
    client.force_login(leader)
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "GET /api/rollup" in html and "POST /api/dhis2/dataValueSets" in html
    assert "Authorization: Token" in html and "2023Q4" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources), sources


def test_the_schema_and_the_docs_need_a_login_as_every_page(client):
    r = client.get("/api/schema")
    assert r.status_code == 401 and r["Content-Type"] == "application/json"
    assert r.json()["detail"].startswith("Chưa xác thực")
    assert client.get("/api/schema?format=json").status_code == 401
    r = client.get("/api/docs")
    assert r.status_code == 302 and r["Location"].startswith("/dang-nhap/?next=/api/docs")
    assert "GET /api/rollup" not in r.content.decode()


def test_the_root_lists_the_endpoints(client_for, leader):
    r = client_for(leader).get("/api/")
    assert r.status_code == 200
    assert r.json()["rollup"].endswith("/api/rollup") and r.json()["docs"].endswith("/api/docs")


@pytest.mark.parametrize("url", ["/api/", "/api/units", "/api/units/12.105", "/api/datavalues/bulk",
                                 "/api/rollup?indicator=HERD&unit=12&period=2023", "/api/dhis2/dataValueSets",
                                 "/api/registries/farm", "/api/progress", "/api/units/99"])
def test_every_endpoint_is_browsable_in_a_signed_in_browser(client, admin_user_demo, url):
    client.force_login(admin_user_demo)
    r = client.get(url, HTTP_ACCEPT="text/html")
    assert r.status_code < 500 and r["Content-Type"].startswith("text/html")
    # nothing loaded from outside (not `b"cdn" not in`: the page's random CSRF token may contain "cdn")
    assert not re.search(rb'(?:src|href)="(?:https?:)?//(?!testserver[/"])', r.content)
