"""The seed map (demo/data/seed_map.csv): every figure of the five seed documents has a
place in the data model, and ``load_demo`` stores the numbers the officials wrote.

The expected numbers below are literals copied from the documents (seeds/00*.txt), not
read back from figures.csv: the point is that the system holds what the documents say.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal

import pytest

from datavalues.models import DataValue
from demo.loading import PROGRAMMES_CSV, STORES, load_demo, read_figures, read_seed_map
from indicators.formula import parse_formula
from indicators.models import Aggregation, Indicator, IndicatorKind, Option
from periods.codes import parse_period
from programmes.models import Operator, Target
from units.models import Unit

pytestmark = pytest.mark.django_db

N_FIGURES = 280
D = Decimal


def programme_codes() -> set[str]:
    with open(PROGRAMMES_CSV, encoding="utf-8", newline="") as f:
        return {r["code"] for r in csv.DictReader(line for line in f if not line.startswith("#"))}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    return load_demo(["12", "02"])


def value(indicator: str, unit: str, period: str, option: str | None = None) -> Decimal:
    qs = DataValue.objects.filter(indicator__code=indicator, unit__code=unit, period__code=period)
    qs = qs.filter(option__code=option) if option else qs.filter(option__isnull=True)
    return qs.get().value


def target(programme: str, indicator: str, unit: str, period: str, option: str | None = None) -> Target:
    qs = Target.objects.filter(programme__code=programme, indicator__code=indicator, unit__code=unit,
                               period__code=period)
    qs = qs.filter(option__code=option) if option else qs.filter(option__isnull=True)
    return qs.get()


# --------------------------------------------------------------------------- the map itself
def test_every_figure_appears_exactly_once():
    figures = read_figures()
    assert len(figures) == N_FIGURES
    rows = [e.row for e in read_seed_map()]
    twice = [r for r, n in Counter(rows).items() if n > 1]
    assert not twice, f"rows mapped more than once: {twice}"
    assert sorted(rows) == list(range(1, N_FIGURES + 1))


def test_every_line_names_existing_codes():
    indicators = {i.code: i for i in Indicator.objects.select_related("disaggregation")}
    units = set(Unit.objects.values_list("code", flat=True))
    programmes = programme_codes()
    problems = []
    for e in read_seed_map():
        where = f"row {e.row}"
        if e.store not in STORES:
            problems.append(f"{where}: store '{e.store}'")
            continue
        if e.store in {"value", "target"}:
            if not (e.indicator and e.unit and e.periods):
                problems.append(f"{where}: a {e.store} needs indicator, unit and period")
            ind = indicators.get(e.indicator)
            if ind is not None and ind.kind == IndicatorKind.FORMULA:
                problems.append(f"{where}: {e.indicator} is computed, it cannot be stored")
        else:
            if not e.note:
                problems.append(f"{where}: a {e.store} line needs a note")
        if e.store == "target":
            if e.programme not in programmes:
                problems.append(f"{where}: programme '{e.programme}' not in programmes.csv")
            if e.operator not in Operator.values:
                problems.append(f"{where}: operator '{e.operator}'")
        elif e.programme or e.operator:
            problems.append(f"{where}: programme/operator only for targets")
        # Whatever a line names (also the derived/implied/none lines that say what they are about) must exist.
        if e.indicator:
            ind = indicators.get(e.indicator)
            if ind is None:
                problems.append(f"{where}: indicator '{e.indicator}'")
            elif e.option:
                try:
                    ind.option_for(e.option)
                except Option.DoesNotExist:
                    problems.append(f"{where}: option '{e.option}' of {e.indicator}")
        elif e.option:
            problems.append(f"{where}: an option without an indicator")
        if e.unit and e.unit not in units:
            problems.append(f"{where}: unit '{e.unit}'")
        for p in e.periods:
            try:
                parse_period(p)
            except ValueError:
                problems.append(f"{where}: period '{p}'")
    assert not problems, "\n".join(problems)


def test_every_kind_of_line_is_used():
    stores = Counter(e.store for e in read_seed_map())
    assert set(stores) == STORES
    assert stores["value"] > 200 and stores["target"] == 16


# --------------------------------------------------------------------------- loading the real figures
def test_load_demo_stores_every_value_and_target_and_nothing_else(demo):
    figures = {f.row: f for f in read_figures()}
    keys = set()
    for e in read_seed_map():
        for p in e.periods:
            if e.store == "value":
                assert value(e.indicator, e.unit, p, e.option or None) == figures[e.row].value, f"row {e.row}"
                keys.add((e.indicator, e.option, e.unit, p))
            elif e.store == "target":
                t = target(e.programme, e.indicator, e.unit, p, e.option or None)
                assert (t.value, t.operator) == (figures[e.row].value, e.operator), f"row {e.row}"
    assert DataValue.objects.count() == len(keys)
    assert demo.derived == 6 and demo.not_stored == 48


def test_the_seeds_real_numbers_are_in_the_database(demo):
    # Seed 000: the city's tea, macadamia and quality rice (342 ha in each of 2021 and 2022).
    assert value("CROP_AREA", "12.105", "2023", "TEA") == D("963.45")
    assert value("CROP_HARVEST_AREA", "12.105", "2023", "TEA") == D("940")
    assert value("CROP_AREA", "12.105", "2023", "MACADAMIA") == D("280.4")
    assert value("CROP_AREA", "12.105", "2021", "QUALITY_RICE") == value("CROP_AREA", "12.105", "2022",
                                                                        "QUALITY_RICE") == D("342")
    assert value("CROP_PRODUCTION", "12.105", "2022", "TEA") == D("10892")
    facilities = {o: value("LIVESTOCK_FACILITIES", "12.105", "2023", o)
                  for o in ["CATTLE", "PIG", "HORSE", "RABBIT", "BEE"]}
    assert facilities == {"CATTLE": 1, "PIG": 4, "HORSE": 1, "RABBIT": 1, "BEE": 4}
    assert sum(facilities.values()) == value("LIVESTOCK_FACILITIES", "12.105", "2023") == 11
    assert value("WORKS_LENGTH", "12.105.03403", "2021-2023", "CANAL") == D("5.1")  # Xã Sùng Phài

    # Seed 003: the province in December 2023.
    herd = {o: value("HERD", "12", "202312", o) for o in ["BUFFALO", "CATTLE", "PIG"]}
    assert herd == {"BUFFALO": 92760, "CATTLE": 25590, "PIG": 235000}
    assert value("HERD", "12", "202312") == sum(herd.values()) == 353350
    assert value("POULTRY", "12", "202312") == 1809
    assert value("AQUA_PRODUCTION", "12", "2023", "FARMED") == 3506
    assert value("AQUA_PRODUCTION", "12", "2023", "CAPTURED") == 194
    assert value("AQUA_PRODUCTION", "12", "2023") == 3506 + 194 == 3700
    assert value("ANIMALS_CULLED", "12.107.03466", "202312", "PIG") == 27  # Xã Bum Nưa, Huyện Mường Tè
    assert value("ANIMALS_CULLED", "12", "202312", "DOG") == 5

    violations = [value("FOREST_VIOLATIONS", "12", "202312", o)
                  for o in ["DEFORESTATION", "LOGGING", "TRADE_TRANSPORT", "STORAGE", "DOCUMENTS"]]
    assert violations == [9, 1, 1, 3, 1] and sum(violations) == value("FOREST_VIOLATIONS", "12", "202312") == 15

    assert value("COOPERATIVES", "12", "202312") == 183
    by_field = [value("COOPERATIVES", "12", "202312", o)
                for o in ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "GENERAL"]]
    assert by_field == [36, 24, 4, 20, 99] and sum(by_field) == 183
    by_district = {  # Thành phố Lai Châu, Tam Đường, Tân Uyên, Than Uyên, Phong Thổ, Sìn Hồ, Mường Tè, Nậm Nhùn
        "12.105": 22, "12.106": 25, "12.111": 24, "12.110": 38, "12.109": 23, "12.108": 9, "12.107": 15, "12.112": 27,
    }
    assert {u: value("COOPERATIVES", u, "202312") for u in by_district} == by_district
    assert sum(by_district.values()) == 183
    assert value("COOPERATIVES", "12.105", "2023") == 21  # seed 000, mid-2023

    assert value("FARMS", "12", "202312") == 16
    assert [value("FARMS", "12", "202312", o) for o in ["CROP", "LIVESTOCK", "MIXED"]] == [5, 4, 7]

    classes = {"12.109": 25, "12.108": 14, "12.106": 19, "12.112": 14, "12.111": 12, "12.110": 33, "12.107": 27,
               "12.105": 5}
    trainees = {"12.109": 775, "12.108": 420, "12.106": 570, "12.112": 385, "12.111": 360, "12.110": 975,
                "12.107": 825, "12.105": 155}
    assert {u: value("TRAINING_CLASSES", u, "2023") for u in classes} == classes
    assert {u: value("TRAINEES", u, "2023") for u in trainees} == trainees
    assert value("TRAINING_CLASSES", "12", "2023") == sum(classes.values()) == 149
    assert value("TRAINEES", "12", "2023") == sum(trainees.values()) == 4465

    assert value("TEA_SOLD", "12", "202312") == value("TEA_SOLD", "12", "202312", "EXPORT_DIRECT") + value(
        "TEA_SOLD", "12", "202312", "EXPORT_ENTRUSTED_DOMESTIC") == 929 + 996
    assert value("CAPITAL_DISBURSED", "12", "2023", "FOREST_SERVICES") == 460627 + 19673 == 480300
    assert value("OCOP_PRODUCTS", "12", "202312") == 194
    assert value("OCOP_PRODUCTS_COOP", "12", "202312") == 71

    water = "NTP_DTTS_DA1_DISPERSED_WATER"
    assert value("CAPITAL_ALLOCATED", "12", "2022-2023", water) == 6065
    assert value("CAPITAL_ALLOCATED", "12", "2022", water) + value("CAPITAL_ALLOCATED", "12", "2023", water) \
        == 2120 + 3945 == 6065
    assert value("CAPITAL_DISBURSED", "12", "2022-2023", water) == 5078
    assert value("CAPITAL_ALLOCATED", "12", "2023", "RESETTLEMENT") == 171373
    assert value("CAPITAL_DISBURSED", "12", "2023", "RESETTLEMENT") == 22397

    # Seed 004: Hà Giang, Resolutions 04 and 05.
    garden = "HG_NQ05_GARDEN"
    assert value("CAPITAL_DISBURSED", "02", "2021-2022", garden) == 30355 + 36637 == 66992
    assert value("SUPPORT_BENEFICIARIES", "02", "2021", garden) == 1032
    assert value("SUPPORT_BENEFICIARIES", "02", "2021-2022", garden) == 2326  # ≠ 1.032 + 1.242: kept as written
    assert value("CAPITAL_DISBURSED", "02", "2021-2022", "HG_NQ04_CAM_SANH") == 17286
    assert value("INCOME_PER_HA", "02", "2020", "CAM_SANH") == 18
    assert value("INCOME_PER_HA", "02", "2021-2022", "CAM_SANH") == 82
    assert value("NET_INCOME_PER_HA", "02", "2021-2022", "CAM_SANH") == D("39.7")


def test_the_city_plan_splits_quality_rice_by_commune(demo):
    communes = {"12.105.03409": D("135"), "12.105.03403": D("142"), "12.105.03386": D("22.2"),
                "12.105.03408": D("30")}  # San Thàng, Sùng Phài, Quyết Thắng, Đông Phong
    found = {u: target("KH-2023-TPLC", "CROP_AREA", u, "2023", "QUALITY_RICE") for u in communes}
    assert {u: t.value for u, t in found.items()} == communes
    city = target("KH-2023-TPLC", "CROP_AREA", "12.105", "2023", "QUALITY_RICE")
    assert city.value == sum(communes.values()) == D("329.2")
    assert {t.operator for t in found.values()} == {city.operator} == {Operator.EXACTLY}
    output = target("KH-2023-TPLC", "CROP_PRODUCTION", "12.105", "2023", "QUALITY_RICE")
    assert (output.value, output.operator) == (D("1600"), Operator.AT_LEAST)  # "đạt trên 1.600 tấn"
    assert target("KH-2023-TPLC", "CROP_HARVEST_AREA", "12.105", "2023", "TEA").value == 950


def test_each_stored_figure_quotes_its_sentence(demo):
    tea = DataValue.objects.get(indicator__code="CROP_AREA", option__code="TEA", unit__code="12.105",
                                period__code="2023")
    assert "Văn bản nguồn 000" in tea.source
    assert "đưa tổng diện tích chè trên địa bàn thành phố lên 963,45ha" in tea.source
    buffalo = DataValue.objects.get(indicator__code="HERD", option__code="BUFFALO", unit__code="12",
                                    period__code="202312")
    assert "Đàn trâu 92.760 con" in buffalo.source
    rice = target("KH-2023-TPLC", "CROP_AREA", "12.105.03409", "2023", "QUALITY_RICE")
    assert "San Thàng 135ha" in rice.source


def test_loading_again_changes_nothing(demo, settings):
    again = load_demo(["12", "02"])
    assert again.values.changed == 0 and again.targets.changed == 0
    assert again.values.unchanged == demo.values.created


def test_the_engine_reproduces_every_derived_figure(demo):
    from engine.rollup import Engine

    figures = {f.row: f for f in read_figures()}
    engine = Engine()
    checked = 0
    for e in read_seed_map():
        if e.store != "derived":
            continue
        stated = figures[e.row].value
        got = engine.value(e.indicator, e.unit, e.periods[0], e.option or None).value
        assert got is not None, f"row {e.row}: the engine has no value"
        precision = D(1).scaleb(stated.as_tuple().exponent)  # as printed: 84 → units, 36,6 → tenths
        assert got.quantize(precision) == stated, f"row {e.row}: {got} ≠ {stated}"
        checked += 1
    assert checked == 6


# --------------------------------------------------------------------------- the catalogue
def test_every_indicator_is_named_in_vietnamese_with_a_measure():
    codes = set(Indicator.objects.values_list("code", flat=True))
    for ind in Indicator.objects.all():
        assert ind.name.strip() and ind.measure.strip(), ind.code
        assert any(ord(c) > 127 for c in ind.name), f"{ind.code}: '{ind.name}' is not Vietnamese"
        if ind.kind == IndicatorKind.FORMULA:
            assert parse_formula(ind.formula).references <= codes, ind.code
            ind.full_clean()
        else:
            assert not ind.formula, ind.code
        ratio = "%" in ind.measure or any(f"/{d}" in ind.measure for d in ["ha", "HTX", "hộ", "vườn"])
        if ratio:
            assert ind.aggregation != Aggregation.SUM, f"{ind.code}: a ratio ({ind.measure}) must not be summed"
    for option in Option.objects.all():
        assert option.name.strip(), option.code


def test_load_demo_for_one_province_loads_the_provinces_the_seeds_need(settings):
    settings.DEBUG = True
    messages = []
    summary = load_demo(["12"], progress=messages.append)
    assert "Dữ liệu mẫu cần cả tỉnh 02: nạp thêm." in messages
    assert summary.programmes > 0 and summary.values.created > 0
    from units.models import Unit

    assert Unit.objects.filter(code__in=["12", "02"]).count() == 2


def test_load_demo_refuses_an_unknown_province_in_vietnamese(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = True
    with pytest.raises(CommandError, match="Không có tỉnh mã 99"):
        call_command("load_demo", "--province", "99")
