"""The roll-up nodes maintained on every write give the same figures as recomputing
from the stored values, whatever the order of creates, updates and deletes."""

import random
from decimal import Decimal

import pytest

from datavalues.writing import FigureChange, do_set_values
from engine.maintain import bucket_codes, rebuild
from engine.models import Node
from engine.rollup import Engine
from indicators.models import Indicator
from periods.models import Period
from units.models import Level, Unit

pytestmark = pytest.mark.django_db

PERIODS = ["202301", "202302", "202303", "202306", "202311", "202312", "2023Q2", "2023S2", "2023", "2024DX",
           "2023HT", "202401"]
ASKED = ["202303", "2023Q1", "2023Q2", "2023S1", "2023S2", "2023", "2024", "2024DX", "2021-2025"]


@pytest.fixture
def engine_mode():  # this module compares both modes itself
    return "both"


def _figures(codes):
    for code in codes:
        yield code, [o.code for o in Indicator.objects.get(code=code).disaggregation.options.all()] \
            if Indicator.objects.get(code=code).disaggregation_id else []


def _compare(codes, units):
    fast, slow = Engine(use_nodes=True), Engine(use_nodes=False)
    checked = 0
    for code, options in _figures(codes):
        for option in [None, *options]:
            for unit in units:
                for period in ASKED:
                    a = fast.value(code, unit, period, option)
                    b = slow.value(code, unit, period, option)
                    assert (a.value, a.rule) == (b.value, b.rule), (code, option, unit, period, a.value, b.value)
                    assert [d.kind for d in a.discrepancies] == [d.kind for d in b.discrepancies], \
                        (code, option, unit, period)
                    checked += 1
    return checked


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nodes_agree_with_the_stored_values_under_random_writes(seed):
    rng = random.Random(seed)
    Indicator.objects.get_or_create(code="TEST_AVG_INCOME", defaults=dict(
        name="Thu nhập bình quân", measure="triệu đồng", aggregation="average", time_aggregation="stock"))
    codes = ["CROP_PRODUCTION", "HERD", "TRAINING_CLASSES", "TEST_AVG_INCOME"]
    indicators = {c: Indicator.objects.get(code=c) for c in codes}
    city_and_tam_duong = list(Unit.objects.filter(code__regex=r"^12\.10[56]\.\d+$"))
    districts = list(Unit.objects.filter(code__in=["12.105", "12.106"]))
    targets = city_and_tam_duong * 3 + districts
    periods = {p: Period.objects.for_code(p) for p in PERIODS}
    stored: set[tuple] = set()
    for _round in range(4):
        changes, keys = [], set()
        for _ in range(80):
            code = rng.choice(codes)
            ind = indicators[code]
            options = [None, *ind.disaggregation.options.all()] if ind.disaggregation_id else [None]
            option = rng.choice(options)
            unit = rng.choice(targets)
            period = periods[rng.choice(PERIODS)]
            key = (code, option.pk if option else None, unit.pk, period.pk)
            if key in keys:
                continue
            keys.add(key)
            value = None if key in stored and rng.random() < 0.25 else Decimal(rng.randint(0, 5000)) / 4
            (stored.discard if value is None else stored.add)(key)
            changes.append(FigureChange(ind, option, unit, period, value))
        do_set_values(changes, channel="system")
        checked = _compare(codes, ["12", "12.105", "12.106", "12.105.03409", "12.03408"])
    assert checked > 500
    assert Node.objects.exists()
    _compare_cells(codes, ["12", "12.105", "12.106", "12.105.03409", "12.03408"])


def _compare_cells(codes, units):
    """``Engine.cells`` (scattered keys, nodes loaded per period) gives what ``value`` gives."""
    keys = [(code, option, unit, period) for code, options in _figures(codes) for option in [None, *options]
            for unit in units for period in ASKED]
    random.Random(0).shuffle(keys)
    got = Engine().cells(keys)
    plain = Engine()
    assert set(got) == set(keys)
    for code, option, unit, period in keys:
        a, b = got[(code, option, unit, period)], plain.value(code, unit, period, option)
        assert (a.value, a.rule) == (b.value, b.rule), (code, option, unit, period)


def test_rebuilding_the_nodes_gives_the_same_nodes():
    ind = Indicator.objects.get(code="HERD")
    pig, cattle = ind.option_for("PIG"), ind.option_for("CATTLE")
    communes = list(Unit.objects.filter(code__startswith="12.105.", level=Level.COMMUNE))
    changes = [FigureChange(ind, opt, u, Period.objects.for_code(p), Decimal(i * 10 + 1))
               for i, (u, opt, p) in enumerate((u, o, p) for u in communes for o in (pig, cattle)
                                               for p in ("202306", "202312"))]
    do_set_values(changes, channel="system")
    before = sorted(Node.objects.values_list("option_key", "unit_id", "period_id", "own", "children_sum",
                                             "children_count", "value"))
    Node.objects.all().delete()
    rebuild(["HERD"])
    after = sorted(Node.objects.values_list("option_key", "unit_id", "period_id", "own", "children_sum",
                                            "children_count", "value"))
    assert after == before
    assert Engine().value("HERD", "12", "2023").value == sum(c.value for c in changes if c.period.code == "202312")


def test_buckets_of_each_period_type():
    assert bucket_codes(Period.objects.for_code("202311")) == ["202311", "2023Q4", "2023S2", "2023"]
    assert bucket_codes(Period.objects.for_code("2023Q2")) == ["2023Q2", "2023S1", "2023"]
    assert bucket_codes(Period.objects.for_code("2024DX")) == ["2024DX", "2024"]
    assert bucket_codes(Period.objects.for_code("2021-2025")) == []
