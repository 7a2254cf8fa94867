"""Boundaries and the choropleth (maps/).  The boundary file of these tests is SYNTHETIC:
squares on a grid, one per old commune of Thành phố Lai Châu — not real outlines."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maps.loading import BoundaryError, load_boundaries
from maps.models import Boundary
from units.models import Unit

pytestmark = pytest.mark.django_db

SYNTHETIC = Path(__file__).parent / "data" / "SYNTHETIC-boundaries-12.105.geojson"
OLD = "2025-06-30"


def test_the_command_loads_simplified_boundaries_per_unit_with_dates():
    out = StringIO()
    call_command("load_boundaries", str(SYNTHETIC), "--valid-to", OLD, stdout=out)
    communes = Unit.objects.filter(parent__code="12.105").count()
    assert Boundary.objects.count() == communes and f"{communes} đơn vị" in out.getvalue()
    ring = Boundary.objects.get(unit__code="12.105.03409").geometry["coordinates"][0]
    assert len(ring) == 5  # the collinear points of the square's sides are simplified away
    assert str(Boundary.objects.first().valid_to) == OLD
    call_command("load_boundaries", str(SYNTHETIC), "--valid-to", OLD, stdout=StringIO())
    assert Boundary.objects.count() == communes  # loading again replaces, never duplicates


def test_an_unknown_unit_refuses_the_whole_file(tmp_path):
    data = json.loads(SYNTHETIC.read_text(encoding="utf-8"))
    data["features"][1]["properties"]["code"] = "12.999.99999"
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BoundaryError) as e:
        load_boundaries(bad)
    assert e.value.problems == ["Đối tượng 2: không có đơn vị mã '12.999.99999'."]
    assert not Boundary.objects.exists()
    with pytest.raises(CommandError):
        call_command("load_boundaries", str(bad), stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def city_officer(django_user_model):
    from accounts.models import Profile

    user = django_user_model.objects.create_user("tp", password="x")
    Profile.objects.create(user=user, role="district").units.set(Unit.objects.filter(code="12.105"))
    return user


def test_without_boundaries_the_map_says_how_to_load_them(client, city_officer):
    client.force_login(city_officer)
    page = client.get("/ban-do/12.105/", {"chi-tieu": "HERD", "ky": "2023", "co-cau": "truoc"}).content.decode()
    assert "Chưa có ranh giới" in page and "manage.py load_boundaries" in page and 'id="map"' not in page


def test_the_map_colours_communes_by_the_engines_figure_and_drills_down(client, city_officer):
    from decimal import Decimal

    from datavalues.writing import FigureChange, do_set_values
    from indicators.models import Indicator
    from periods.models import Period

    load_boundaries(SYNTHETIC, valid_to=__import__("datetime").date(2025, 6, 30))
    herd = Indicator.objects.get(code="HERD")
    do_set_values([FigureChange(herd, herd.option_for("PIG"), Unit.objects.get(code="12.105.03409"),
                                Period.objects.for_code("2023"), Decimal("1250.5"))], channel="system")
    client.force_login(city_officer)
    r = client.get("/ban-do/12.105/", {"chi-tieu": "HERD", "ky": "2023", "co-cau": "truoc"})
    data = json.loads(r.content.decode().split('id="map-data" type="application/json">')[1].split("</script>")[0])
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code["12.105.03409"]["value"] == 1250.5 and by_code["12.105.03409"]["text"] == "1.250,5 con"
    others = [p for c, p in by_code.items() if c != "12.105.03409"]
    assert others and all(p["value"] is None and p["text"] == "chưa có số liệu" for p in others)  # never 0
    assert by_code["12.105.03409"]["url"].startswith("/ban-do/12.105.03409/?chi-tieu=HERD")
    # Outside the officer's territory: 404, as for a unit that does not exist.
    assert client.get("/ban-do/12.106/").status_code == 404
