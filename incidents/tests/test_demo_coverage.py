"""The demo's registers are declared for the month the seed documents (12/2023): a later
month asks "chưa có số liệu" of them, never 0 computed from a register no one keeps."""

import pytest

from demo.loading import ensure_demo_users, load_demo
from engine.rollup import Engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    load_demo(["12", "02"])
    ensure_demo_users()


def test_the_disease_and_forest_registers_answer_for_december_2023_only(demo):
    e = Engine()
    assert e.value("FOREST_VIOLATIONS", "12", "202312").value == 15
    for code in ("DISEASE_OUTBREAKS", "FOREST_VIOLATIONS"):
        assert e.value(code, "12", "202612").value is None, code
        assert e.value(code, "12.03408", "202612").value is None, code


def test_the_commune_table_counts_only_communes_that_reported(demo, client):
    import re

    from datavalues.writing import FigureChange, do_set_values
    from indicators.models import Indicator
    from periods.models import Period
    from units.models import Unit

    def filled() -> int:
        page = client.get("/bang-xa/12/?ky=202612&co-cau=sau&nhom=chan_nuoi").content.decode()
        return int(re.search(r"(\d+) đơn vị đã có số liệu", page).group(1))

    assert client.login(username="tinh", password="demo")
    before = filled()
    # Only the communes whose livestock-facility register holds records (issue: all 38, from
    # zeros of a disease register that no one keeps in 2026).
    assert before == 2
    herd = Indicator.objects.get(code="HERD")
    do_set_values([FigureChange(herd, herd.option_for("PIG"), Unit.objects.get(code="12.03637"),
                                Period.objects.for_code("202612"), 120)], channel="system")
    assert filled() == before + 1
