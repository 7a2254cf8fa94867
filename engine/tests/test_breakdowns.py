"""Breakdowns as a DHIS2 user expects them: crossed breakdowns (category combinations)
with every margin and the grand total, parts that roll up into their whole, and a
stored whole that contradicts its parts named as such.  Each test runs with the roll-up
nodes and by recomputing from stored values (``engine_mode`` in the conftest)."""

import random
from decimal import Decimal

import pytest

from datavalues.models import DataValue
from datavalues.writing import FigureChange, do_set_values
from engine import results as R
from engine.rollup import Engine
from indicators.crossing import CrossingError, cross, sync_combinations
from indicators.models import Disaggregation, Indicator, Option
from indicators.testing import make_breakdown
from periods.models import Period
from units.models import Unit

pytestmark = pytest.mark.django_db

SAN_THANG, SUNG_PHAI, CITY = "12.105.03409", "12.105.03403", "12.105"


@pytest.fixture
def poultry():
    """Poultry by species (gà, vịt, cút) × by farming type (nông hộ, trang trại)."""
    species = make_breakdown("POULTRY_SPECIES", "Loài gia cầm", [("GA", "Gà"), ("VIT", "Vịt"), ("CUT", "Cút")])
    farming = make_breakdown("FARMING", "Hình thức chăn nuôi", [("NONG_HO", "Nông hộ"), ("TRANG_TRAI", "Trang trại")])
    crossing = cross([species, farming])
    return Indicator.objects.create(code="TEST_POULTRY", name="Tổng đàn gia cầm", measure="con",
                                    time_aggregation="stock", disaggregation=crossing)


def store(ind, rows):
    changes = []
    for option, unit, period, value in rows:
        opt = ind.disaggregation.options.get(code=option) if option else None
        changes.append(FigureChange(ind, opt, Unit.objects.get(code=unit), Period.objects.for_code(period),
                                    None if value is None else Decimal(str(value))))
    return do_set_values(changes, channel="system")


def test_a_crossing_has_one_option_per_combination_named_by_its_components(poultry):
    combos = list(poultry.disaggregation.options.order_by("sort_order"))
    assert [o.code for o in combos] == ["NONG_HO__GA", "NONG_HO__VIT", "NONG_HO__CUT", "TRANG_TRAI__GA",
                                        "TRANG_TRAI__VIT", "TRANG_TRAI__CUT"]
    assert combos[3].name == "Trang trại, gà"
    assert {o.code for o in combos[3].components.all()} == {"GA", "TRANG_TRAI"}
    # Crossing the same breakdowns again finds the crossing; an option added later gets its combinations.
    species = Disaggregation.objects.get(code="POULTRY_SPECIES")
    assert cross([species, Disaggregation.objects.get(code="FARMING")]) == poultry.disaggregation
    Option.objects.create(disaggregation=species, code="NGAN", name="Ngan", sort_order=3)
    assert sync_combinations(poultry.disaggregation) == 2
    assert poultry.disaggregation.options.count() == 8


def test_a_crossing_needs_two_plain_breakdowns(poultry):
    with pytest.raises(CrossingError, match="ít nhất hai phân tổ"):
        cross([Disaggregation.objects.get(code="FARMING")])
    with pytest.raises(CrossingError, match="đã là phân tổ kết hợp"):
        cross([poultry.disaggregation, Disaggregation.objects.get(code="FARMING")])


def test_values_stored_per_combination_answer_every_margin_and_the_grand_total(poultry):
    store(poultry, [("NONG_HO__GA", SAN_THANG, "2023", 1200), ("TRANG_TRAI__GA", SAN_THANG, "2023", 3000),
                    ("NONG_HO__VIT", SAN_THANG, "2023", 400), ("TRANG_TRAI__CUT", SAN_THANG, "2023", 500),
                    ("NONG_HO__GA", SUNG_PHAI, "2023", 800)])
    e = Engine()
    assert e.value("TEST_POULTRY", SAN_THANG, "2023", "GA").value == 4200
    assert e.value("TEST_POULTRY", SAN_THANG, "2023", "TRANG_TRAI").value == 3500
    assert e.value("TEST_POULTRY", SAN_THANG, "2023", "NONG_HO").value == 1600
    assert e.value("TEST_POULTRY", SAN_THANG, "2023", "FARMING:TRANG_TRAI").value == 3500
    assert e.value("TEST_POULTRY", SAN_THANG, "2023").value == 5100
    # Margins and totals roll up over units like any figure.
    city_ga = e.value("TEST_POULTRY", CITY, "2023", "GA")
    assert city_ga.value == 5000 and city_ga.rule == R.MARGIN
    assert e.value("TEST_POULTRY", "12", "2023", "NONG_HO__GA").value == 2000
    assert e.value("TEST_POULTRY", "12", "2023").value == 5900
    # A margin with no value anywhere is not known, never 0.
    assert e.value("TEST_POULTRY", SUNG_PHAI, "2023", "CUT").value is None
    with pytest.raises(KeyError, match="Nhóm 'NGAN' không thuộc"):
        e.value("TEST_POULTRY", SAN_THANG, "2023", "NGAN")


def test_a_margin_says_when_only_some_combinations_are_known(poultry):
    store(poultry, [("NONG_HO__GA", SAN_THANG, "2023", 1200)])
    r = Engine().value("TEST_POULTRY", SAN_THANG, "2023", "GA")
    assert r.value == 1200 and "Có số liệu 1/2 tổ hợp của nhóm Gà." in r.notes


def test_a_margin_or_category_option_cannot_be_stored(poultry):
    from datavalues.writing import WriteRefused

    species_ga = Option.objects.get(disaggregation__code="POULTRY_SPECIES", code="GA")
    with pytest.raises(WriteRefused, match="không thuộc phân tổ"):
        do_set_values([FigureChange(poultry, species_ga, Unit.objects.get(code=SAN_THANG),
                                    Period.objects.for_code("2023"), Decimal(5))], channel="system")


def test_existing_single_breakdown_values_are_unchanged(put):
    put(("HERD", "PIG", SAN_THANG, "2023", 100), ("HERD", "CATTLE", SAN_THANG, "2023", 20))
    e = Engine()
    assert e.value("HERD", SAN_THANG, "2023").value == 120
    assert e.value("HERD", SAN_THANG, "2023", "PIG").value == 100


# --------------------------------------------------------------------------- parts and wholes
@pytest.fixture
def fruit():
    """Fruit trees: a whole (cây ăn quả) split into parts that add up to it, and a part
    "trong đó" of another whole that does not (cam sành within cây có múi)."""
    d = make_breakdown("TEST_FRUIT", "Cây ăn quả", [("FRUIT", "Cây ăn quả"), ("BANANA", "Chuối"),
                                                   ("MANGO", "Xoài"), ("CITRUS", "Cây có múi"),
                                                   ("CAM_SANH", "Cam sành"), ("TEA", "Chè")])
    fruit, citrus = d.options.get(code="FRUIT"), d.options.get(code="CITRUS")
    fruit.parts_add_up = True
    fruit.save()
    d.options.filter(code__in=["BANANA", "MANGO", "CITRUS"]).update(part_of=fruit)
    d.options.filter(code="CAM_SANH").update(part_of=citrus)
    return Indicator.objects.create(code="TEST_FRUIT_AREA", name="Diện tích", measure="ha", time_aggregation="stock",
                                    disaggregation=d)


def test_when_every_part_is_stored_the_whole_is_their_sum_and_says_so(fruit):
    store(fruit, [("BANANA", SAN_THANG, "2023", 10), ("MANGO", SAN_THANG, "2023", "2.5"),
                  ("CITRUS", SAN_THANG, "2023", 4), ("TEA", SAN_THANG, "2023", 100)])
    e = Engine()
    whole = e.value("TEST_FRUIT_AREA", SAN_THANG, "2023", "FRUIT")
    assert whole.value == Decimal("16.5") and whole.rule == R.PARTS and whole.rule_label == "cộng đủ các nhóm con"
    # The grand total adds the derived whole (not its parts again) and the other top options.
    assert e.value("TEST_FRUIT_AREA", SAN_THANG, "2023").value == Decimal("116.5")
    # Up the tree, the whole and the total agree with the commune's.
    assert e.value("TEST_FRUIT_AREA", CITY, "2023", "FRUIT").value == Decimal("16.5")
    assert e.value("TEST_FRUIT_AREA", "12", "2023").value == Decimal("116.5")


def test_with_a_part_missing_the_whole_is_not_known(fruit):
    store(fruit, [("BANANA", SAN_THANG, "2023", 10), ("MANGO", SAN_THANG, "2023", "2.5")])
    e = Engine()
    assert e.value("TEST_FRUIT_AREA", SAN_THANG, "2023", "FRUIT").value is None
    assert e.value("TEST_FRUIT_AREA", SAN_THANG, "2023").value is None


def test_a_part_within_a_whole_that_is_not_additive_never_becomes_the_whole(fruit):
    store(fruit, [("CAM_SANH", SAN_THANG, "2023", 3)])
    assert Engine().value("TEST_FRUIT_AREA", SAN_THANG, "2023", "CITRUS").value is None


def test_a_stored_whole_that_its_parts_contradict_is_a_discrepancy_with_both_figures(fruit):
    store(fruit, [("FRUIT", SAN_THANG, "2023", 20), ("BANANA", SAN_THANG, "2023", 10),
                  ("MANGO", SAN_THANG, "2023", "2.5"), ("CITRUS", SAN_THANG, "2023", 4)])
    r = Engine().value("TEST_FRUIT_AREA", SAN_THANG, "2023", "FRUIT")
    assert r.value == 20 and r.rule == R.REPORTED
    (d,) = [d for d in r.discrepancies if d.kind == "options"]
    assert d.message == ("Cây ăn quả báo cáo 20 ha nhưng tổng các nhóm con (10 + 2,5 + 4 = 16,5 ha) khác số đó, "
                         "lệch 3,5 ha.")


def test_parts_that_exceed_a_whole_they_are_within_are_a_discrepancy(fruit):
    store(fruit, [("CITRUS", SAN_THANG, "2023", 2), ("CAM_SANH", SAN_THANG, "2023", 3)])
    r = Engine().value("TEST_FRUIT_AREA", SAN_THANG, "2023", "CITRUS")
    assert [d.message for d in r.discrepancies if d.kind == "options"] == [
        "Cây có múi báo cáo 2 ha nhưng tổng các nhóm con (3 = 3 ha) vượt số đó, lệch 1 ha."]
    # A partial "trong đó" below its whole is normal.
    store(fruit, [("CAM_SANH", SAN_THANG, "2023", 1)])
    assert not Engine().value("TEST_FRUIT_AREA", SAN_THANG, "2023", "CITRUS").discrepancies


@pytest.mark.parametrize("seed", [1, 2])
def test_nodes_agree_with_recomputing_for_crossings_and_additive_parts(poultry, fruit, seed):
    rng = random.Random(seed)
    communes = list(Unit.objects.filter(code__regex=r"^12\.10[56]\.\d+$"))[:12]
    periods = [Period.objects.for_code(p) for p in ["2023", "2024", "202312"]]
    indicators = [poultry, fruit]
    for _round in range(4):
        changes, keys = [], set()
        for _ in range(60):
            ind = rng.choice(indicators)
            opt = rng.choice([None, *ind.disaggregation.options.all()])
            unit, period = rng.choice(communes), rng.choice(periods)
            key = (ind.pk, opt.pk if opt else None, unit.pk, period.pk)
            if key in keys:
                continue
            keys.add(key)
            exists = DataValue.objects.filter(indicator=ind, option=opt, unit=unit, period=period).exists()
            value = None if exists and rng.random() < 0.3 else Decimal(rng.randint(0, 400)) / 4
            changes.append(FigureChange(ind, opt, unit, period, value))
        do_set_values(changes, channel="system")
        fast, slow = Engine(use_nodes=True), Engine(use_nodes=False)
        for ind, codes in [(poultry, [None, "GA", "VIT", "CUT", "NONG_HO", "TRANG_TRAI", "TRANG_TRAI__GA"]),
                           (fruit, [None, "FRUIT", "BANANA", "CITRUS", "TEA"])]:
            for code in codes:
                for unit in ["12", CITY, "12.106", SAN_THANG, "12.03408"]:
                    for period in ["2023", "2024", "202312", "2023Q4"]:
                        a = fast.value(ind.code, unit, period, code)
                        b = slow.value(ind.code, unit, period, code)
                        assert (a.value, a.rule) == (b.value, b.rule), (ind.code, code, unit, period)
