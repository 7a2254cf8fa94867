from decimal import Decimal

import pytest

from engine import results as R
from engine.rollup import Engine
from indicators.models import Indicator

pytestmark = pytest.mark.django_db

SAN_THANG, SUNG_PHAI, DONG_PHONG, TAN_PHONG_OLD = "12.105.03409", "12.105.03403", "12.105.03408", "12.105.03387"
CITY, PROVINCE = "12.105", "12"


def v(indicator, unit, period, option=None):
    return Engine().value(indicator, unit, period, option)


def test_a_unit_without_its_own_value_sums_its_children(put):
    put(("CROP_AREA", "TEA", SAN_THANG, "2023", 100), ("CROP_AREA", "TEA", SUNG_PHAI, "2023", "200.5"))
    r = v("CROP_AREA", CITY, "2023", "TEA")
    assert r.value == Decimal("300.5")
    assert r.rule == R.CHILDREN_SUM
    assert sorted(p.unit for p in r.parts) == [SUNG_PHAI, SAN_THANG]
    assert "2/7 đơn vị" in r.notes[0]
    assert v("CROP_AREA", PROVINCE, "2023", "TEA").value == Decimal("300.5")


def test_an_own_value_wins_and_a_disagreement_with_the_children_is_shown(put):
    put(("CROP_AREA", "TEA", SAN_THANG, "2023", 100), ("CROP_AREA", "TEA", CITY, "2023", "963.45"))
    r = v("CROP_AREA", CITY, "2023", "TEA")
    assert (r.value, r.rule) == (Decimal("963.45"), R.REPORTED)
    [d] = r.discrepancies
    assert (d.kind, d.used, d.other) == ("children", Decimal("963.45"), Decimal("100"))
    assert "963,45" in d.message and "dùng số báo cáo" in d.message


def test_the_total_is_the_sum_of_the_options_as_the_department_reported(put):
    # Seed 003: "Tổng đàn gia súc chính ước đạt 353.350 con, trong đó: Đàn trâu 92.760 con, đàn bò 25.590 con,
    # đàn lợn 235.000 con."
    put(("HERD", "BUFFALO", PROVINCE, "202312", 92760), ("HERD", "CATTLE", PROVINCE, "202312", 25590),
        ("HERD", "PIG", PROVINCE, "202312", 235000))
    r = v("HERD", PROVINCE, "202312")
    assert (r.value, r.rule) == (Decimal(353350), R.OPTIONS)
    put(("HERD", None, PROVINCE, "202312", 353350))
    r = v("HERD", PROVINCE, "202312")
    assert (r.value, r.rule, r.discrepancies) == (Decimal(353350), R.REPORTED, [])


def test_a_total_that_differs_from_its_options_is_a_discrepancy(put):
    put(("AQUA_PRODUCTION", "FARMED", PROVINCE, "2023", 3506), ("AQUA_PRODUCTION", "CAPTURED", PROVINCE, "2023", 194),
        ("AQUA_PRODUCTION", None, PROVINCE, "2023", 3800))
    r = v("AQUA_PRODUCTION", PROVINCE, "2023")
    assert r.value == Decimal(3800)
    [d] = r.discrepancies
    assert d.kind == "options" and d.other == Decimal(3700)
    assert "3.506 + 194 = 3.700" in d.message


def test_an_option_that_is_part_of_another_is_not_added_twice(put):
    put(("CROP_AREA", "RICE", CITY, "2023", 500), ("CROP_AREA", "QUALITY_RICE", CITY, "2023", 342),
        ("CROP_AREA", "TEA", CITY, "2023", "963.45"))
    assert v("CROP_AREA", CITY, "2023").value == Decimal("1463.45")


def test_flows_sum_months_into_the_year_and_say_when_months_are_missing(put):
    put(*[("CROP_PRODUCTION", "TEA", PROVINCE, f"2023{m:02d}", 1000) for m in range(1, 12)])
    r = v("CROP_PRODUCTION", PROVINCE, "2023", "TEA")
    assert (r.value, r.rule) == (Decimal(11000), R.TIME_SUM)
    assert "11 kỳ" in r.notes[0]
    put(("CROP_PRODUCTION", "TEA", PROVINCE, "202312", 1323))
    r = v("CROP_PRODUCTION", PROVINCE, "2023", "TEA")
    assert r.value == Decimal(12323) and r.notes == []
    assert v("CROP_PRODUCTION", PROVINCE, "2023Q4", "TEA").value == Decimal(3323)
    assert v("CROP_PRODUCTION", PROVINCE, "2023S1", "TEA").value == Decimal(6000)


def test_stocks_take_the_latest_value_in_the_period(put):
    put(("HERD", "PIG", PROVINCE, "202306", 230000), ("HERD", "PIG", PROVINCE, "202312", 235000),
        ("HERD", "PIG", PROVINCE, "202309", 232000))
    r = v("HERD", PROVINCE, "2023", "PIG")
    assert (r.value, r.rule) == (Decimal(235000), R.TIME_LATEST)
    assert r.parts[0].period == "202312"
    assert v("HERD", PROVINCE, "2023S1", "PIG").value == Decimal(230000)


def test_the_granularity_covering_most_of_the_year_is_used(put):
    put(("MEAT_PRODUCTION", "PIG", PROVINCE, "2023S1", 8000),
        *[("MEAT_PRODUCTION", "PIG", PROVINCE, f"2023{m:02d}", 1400) for m in range(1, 13)])
    r = v("MEAT_PRODUCTION", PROVINCE, "2023", "PIG")
    assert r.value == Decimal(16800)  # twelve months cover more of the year than one half


def test_seasons_roll_up_into_their_crop_year(put):
    put(("CROP_AREA", "MAIZE", PROVINCE, "2024DX", 610), ("CROP_NEW_AREA", "MAIZE", PROVINCE, "2024DX", 610),
        ("CROP_NEW_AREA", "MAIZE", PROVINCE, "2024HT", 1200))
    assert v("CROP_NEW_AREA", PROVINCE, "2024", "MAIZE").value == Decimal(1810)
    assert v("CROP_AREA", PROVINCE, "2024", "MAIZE").value == Decimal(610)


def test_a_year_that_disagrees_with_its_months_is_a_discrepancy(put):
    put(*[("TRAINING_CLASSES", None, PROVINCE, f"2023{m:02d}", 10) for m in range(1, 13)],
        ("TRAINING_CLASSES", None, PROVINCE, "2023", 149))
    r = v("TRAINING_CLASSES", PROVINCE, "2023")
    assert r.value == Decimal(149)
    assert [d.kind for d in r.discrepancies] == ["time"]


def test_a_term_sums_flows_over_its_years_and_takes_the_latest_stock(put):
    put(("CROP_NEW_AREA", "TEA", SUNG_PHAI, "2021", 5), ("CROP_NEW_AREA", "TEA", SUNG_PHAI, "2022", "7.45"),
        ("CROP_NEW_AREA", "TEA", SUNG_PHAI, "2023", 8),
        ("CROP_AREA", "TEA", CITY, "2022", 950), ("CROP_AREA", "TEA", CITY, "2023", "963.45"))
    r = v("CROP_NEW_AREA", CITY, "2021-2025", "TEA")
    assert r.value == Decimal("20.45")
    assert "3/5 năm" in r.notes[0]
    assert v("CROP_AREA", CITY, "2021-2025", "TEA").value == Decimal("963.45")


def test_a_stock_in_2025_is_not_counted_in_both_structures(put):
    # Lai Châu City until June, then Phường Tân Phong from July: the year-end herd is the new commune's.
    put(("HERD", "PIG", CITY, "202506", 5000), ("HERD", "PIG", "12.03408", "202512", 3000))
    assert v("HERD", PROVINCE, "2025", "PIG").value == Decimal(3000)
    # A flow over 2025 adds both halves of the year.
    put(("MEAT_PRODUCTION", "PIG", CITY, "2025S1", 100), ("MEAT_PRODUCTION", "PIG", "12.03408", "202509", 40))
    assert v("MEAT_PRODUCTION", PROVINCE, "2025", "PIG").value == Decimal(140)


def test_a_new_commune_asked_for_2023_gets_the_old_communes_merged_into_it(put):
    put(("CROP_AREA", "FLOWER", SAN_THANG, "2023", "78.65"), ("CROP_AREA", "FLOWER", DONG_PHONG, "2023", 5),
        ("CROP_AREA", "FLOWER", SUNG_PHAI, "2023", 3))
    r = v("CROP_AREA", "12.03408", "2023", "FLOWER")  # Phường Tân Phong
    assert (r.value, r.rule) == (Decimal("83.65"), R.REFORM_MERGED)
    assert not r.approximated
    assert {p.unit for p in r.parts} == {SAN_THANG, DONG_PHONG}


def test_an_old_district_asked_for_2026_is_approximated_from_its_successors(put):
    put(("CROP_AREA", "TEA", "12.03408", "2026", 500), ("CROP_AREA", "TEA", "12.03388", "2026", 400))
    r = v("CROP_AREA", CITY, "2026", "TEA")
    assert r.rule == R.REFORM_SPLIT
    # Tân Phong took 3 of its 5 old communes from the city, Đoàn Kết 4 of 5.
    assert r.value == Decimal(500) * Decimal(3) / 5 + Decimal(400) * Decimal(4) / 5
    assert r.approximated and "Ước tính" in r.notes[0]


def test_an_old_district_whose_new_communes_lie_wholly_inside_it_is_exact_in_2026(put):
    from units.models import Unit, UnitSuccession

    than_uyen = "12.110"  # its 12 old communes became 4 new ones, each made only of its communes
    successors = sorted({s.successor.code for s in UnitSuccession.objects.filter(
        predecessor__code__startswith=than_uyen + ".").select_related("successor")})
    assert len(successors) == 4
    assert all(p.code.startswith(than_uyen + ".") for s in successors
               for p in Unit.objects.filter(successions__successor__code=s))
    put(*[("CROP_AREA", "TEA", code, "2026", 100 * (i + 1)) for i, code in enumerate(successors)])
    r = v("CROP_AREA", than_uyen, "2026", "TEA")
    assert r.value == Decimal(100 + 200 + 300 + 400)
    assert not r.approximated and not any("Ước tính" in n for n in r.notes)


def test_an_old_commune_split_between_new_communes_is_shared(put):
    from units.models import Unit, UnitSuccession

    split = next(u for u in Unit.objects.filter(code__startswith="02.", level=3)
                 if UnitSuccession.objects.filter(predecessor=u).count() == 2)
    successors = [s.successor for s in UnitSuccession.objects.filter(predecessor=split)]
    put(("CROP_AREA", "CAM_SANH", split.code, "2023", 100))
    r = v("CROP_AREA", successors[0].code, "2023", "CAM_SANH")
    assert r.value == Decimal(50) and r.approximated


def test_yield_is_computed_after_the_roll_up_not_averaged(put):
    put(("CROP_PRODUCTION", "RICE", SAN_THANG, "2023", 10), ("CROP_HARVEST_AREA", "RICE", SAN_THANG, "2023", 2),
        ("CROP_PRODUCTION", "RICE", SUNG_PHAI, "2023", 30), ("CROP_HARVEST_AREA", "RICE", SUNG_PHAI, "2023", 3))
    r = v("CROP_YIELD", CITY, "2023", "RICE")
    assert (r.value, r.rule) == (Decimal(8), R.FORMULA)  # 40 t / 5 ha, not the mean of 5 and 10
    assert v("CROP_YIELD", SAN_THANG, "2023", "RICE").value == Decimal(5)


@pytest.mark.parametrize("disbursed,allocated,shown", [(5078, 6065, "84%"), (83177, 102892, "81%")])
def test_disbursement_percentages_as_the_report_writes_them(put, disbursed, allocated, shown):
    from bacthang.lib.numbers import format_percent

    line = "NTP_DTTS_DA1_DISPERSED_WATER"
    put(("CAPITAL_DISBURSED", line, PROVINCE, "2022-2023", disbursed),
        ("CAPITAL_ALLOCATED", line, PROVINCE, "2022-2023", allocated))
    r = v("CAPITAL_DISBURSED_PCT", PROVINCE, "2022-2023", line)
    assert format_percent(r.value) == shown


def test_average_indicators_average_their_children(put):
    Indicator.objects.create(code="TEST_INCOME", name="Thu nhập bình quân", measure="triệu đồng", aggregation="average",
                             time_aggregation="stock")
    put(("TEST_INCOME", None, SAN_THANG, "2023", 40), ("TEST_INCOME", None, SUNG_PHAI, "2023", 56))
    r = v("TEST_INCOME", CITY, "2023")
    assert (r.value, r.rule) == (Decimal(48), R.CHILDREN_AVERAGE)


def test_none_indicators_do_not_roll_up(put):
    Indicator.objects.create(code="TEST_RATE", name="Tỷ lệ", measure="%", aggregation="none")
    put(("TEST_RATE", None, SAN_THANG, "2023", 40))
    assert v("TEST_RATE", CITY, "2023").value is None
    assert v("TEST_RATE", CITY, "2023").rule == R.MISSING


def test_every_result_can_say_where_it_came_from(put):
    put(("CROP_AREA", "TEA", SAN_THANG, "2023", 100), ("CROP_AREA", "TEA", SUNG_PHAI, "2023", 200))
    r = v("CROP_AREA", PROVINCE, "2023", "TEA")
    assert {i.unit for i in r.stored_inputs()} == {SAN_THANG, SUNG_PHAI}
    text = r.explain()
    assert "Tỉnh Lai Châu" in text and "Xã San Thàng" in text and "cộng các đơn vị trực thuộc" in text
    assert r.as_dict()["parts"][0]["unit"] == CITY


def test_missing_data_is_missing_not_zero():
    r = v("CROP_AREA", CITY, "2023", "TEA")
    assert r.value is None and r.rule == R.MISSING


def test_a_total_adds_options_reported_at_different_levels(put):
    # Seed 003: dogs culled are reported for the province, the 27 pigs for Xã Bum Nưa (Mường Tè).
    put(("ANIMALS_CULLED", "DOG", PROVINCE, "202312", 5), ("ANIMALS_CULLED", "PIG", "12.107.03466", "202312", 27))
    r = v("ANIMALS_CULLED", PROVINCE, "202312")
    assert (r.value, r.rule) == (Decimal(32), R.OPTIONS)


def test_a_partial_breakdown_is_not_a_discrepancy_but_parts_above_the_total_are(put):
    # Seed 003: "Sản lượng thịt hơi xuất chuồng các loại ước đạt 18.710 tấn (thịt lợn 16.610 tấn)".
    put(("MEAT_PRODUCTION", None, PROVINCE, "2023", 18710), ("MEAT_PRODUCTION", "PIG", PROVINCE, "2023", 16610))
    assert v("MEAT_PRODUCTION", PROVINCE, "2023").discrepancies == []
    put(("MEAT_PRODUCTION", "CATTLE", PROVINCE, "2023", 3000))
    assert [d.kind for d in v("MEAT_PRODUCTION", PROVINCE, "2023").discrepancies] == ["options"]


def test_a_stock_stated_for_the_year_is_compared_with_its_latest_month(put):
    # Seed 000 gives 21 cooperatives for the city in 2023, seed 003 gives 22 in December 2023.
    put(("COOPERATIVES", None, CITY, "2023", 21), ("COOPERATIVES", None, CITY, "202312", 22))
    r = v("COOPERATIVES", CITY, "2023")
    assert r.value == Decimal(21)
    [d] = r.discrepancies
    assert d.kind == "time" and d.other == Decimal(22) and "202312" in d.message


def test_items_with_different_measures_are_not_added_into_a_total(put):
    put(("SUPPORT_ACCEPTED_QUANTITY", "BARN_M2", CITY, "2022", "2083.5"),
        ("SUPPORT_ACCEPTED_QUANTITY", "BIOGAS_M3", CITY, "2022", 269))
    assert v("SUPPORT_ACCEPTED_QUANTITY", CITY, "2022").value is None
    assert v("SUPPORT_ACCEPTED_QUANTITY", CITY, "2022", "BARN_M2").value == Decimal("2083.5")


def test_a_matrix_of_figures_equals_the_figures_one_by_one(put, django_assert_max_num_queries):
    put(("HERD", "PIG", SAN_THANG, "202312", 100), ("HERD", "CATTLE", SUNG_PHAI, "202312", 50),
        ("AQUA_POND_AREA", None, "12.106", "202312", 7))
    units = [PROVINCE, CITY, "12.106", SAN_THANG]
    engine = Engine()
    engine.load_provinces(["12"])
    with django_assert_max_num_queries(12):
        m = engine.matrix(["HERD", "AQUA_POND_AREA"], units, "202312", options="all")
    for (code, option, unit), result in m.items():
        assert result.value == Engine().value(code, unit, "202312", option).value
    assert m[("HERD", None, PROVINCE)].value == Decimal(150)


def test_an_engine_given_an_indicator_object_still_finds_the_others(put):
    e = Engine()
    e.indicator(Indicator.objects.get(code="HERD"))
    assert e.indicator("CROP_AREA").code == "CROP_AREA"
