import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bacthang.lib.numbers import format_percent
from datavalues.writing import FigureChange
from engine.progress import ACHIEVED, AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, Progress
from indicators.models import Indicator
from periods.models import Period
from programmes.models import Programme, Target
from programmes.writing import do_set_targets
from units.models import Unit

pytestmark = pytest.mark.django_db

CITY, SUNG_PHAI = "12.105", "12.105.03403"


@pytest.fixture
def resolution():
    return Programme.objects.create(code="05-NQ/TU", title="Phát triển nông nghiệp hàng hóa tập trung",
                                    unit=Unit.objects.get(code="12"), term=Period.objects.for_code("2021-2025"))


@pytest.fixture
def target(resolution):
    def _target(indicator, option, unit, period, value, operator=">="):
        ind = Indicator.objects.get(code=indicator)
        do_set_targets(resolution, [FigureChange(ind, ind.option_for(option), Unit.objects.get(code=unit),
                                                 Period.objects.for_code(period), Decimal(str(value)),
                                                 attrs=(("operator", operator),))], channel="system")
        return Target.objects.get(programme=resolution, indicator=ind, unit__code=unit, period__code=period)

    return _target


def rows(programme, unit, period):
    return {(r.target.indicator.code, r.target.period.code): r for r in Progress().rows(programme, unit, period)}


def test_new_tea_planting_against_its_target_is_34_percent_and_hard_to_reach(put, resolution, target):
    # Seed 000: "trồng chè mới được 20,45 ha tại xã Sùng Phài, đạt 34% so với mục tiêu kế hoạch" (60 ha implied).
    target("CROP_NEW_AREA", "TEA", CITY, "2021-2025", 60)
    put(("CROP_NEW_AREA", "TEA", SUNG_PHAI, "2021-2023", "20.45"))
    r = rows(resolution, CITY, "2021-2023")[("CROP_NEW_AREA", "2021-2025")]
    assert r.actual == Decimal("20.45")
    assert format_percent(r.percent) == "34%"
    assert r.gap == Decimal("39.55")
    assert r.status == OFF_TRACK and r.status_label == "Dự báo khó đạt"
    # Run rate: 20,45 ha in 1.095 of the term's 1.826 days.
    assert abs(r.forecast - Decimal("20.45") * 1826 / 1095) < Decimal("0.0001")


def test_the_forecast_flags_a_stock_target_whose_trend_cannot_reach_it(put, resolution, target):
    put(("CROP_AREA", "TEA", CITY, "2020", 900), ("CROP_AREA", "TEA", CITY, "2021", 915),
        ("CROP_AREA", "TEA", CITY, "2022", 930), ("CROP_AREA", "TEA", CITY, "2023", 945))
    target("CROP_AREA", "TEA", CITY, "2021-2025", 1200)
    r = rows(resolution, CITY, "2023")[("CROP_AREA", "2021-2025")]
    assert r.forecast == Decimal(975)  # +15 ha a year from 945 in 2023
    assert r.status == OFF_TRACK
    assert r.baseline == Decimal(900)


def test_the_forecast_does_not_flag_a_target_the_trend_reaches(put, resolution, target):
    put(("CROP_AREA", "TEA", CITY, "2021", 915), ("CROP_AREA", "TEA", CITY, "2022", 930),
        ("CROP_AREA", "TEA", CITY, "2023", 945))
    target("CROP_AREA", "TEA", CITY, "2021-2025", 970)
    assert rows(resolution, CITY, "2023")[("CROP_AREA", "2021-2025")].status == ON_TRACK


def test_a_target_just_out_of_reach_is_at_risk(put, resolution, target):
    put(("CROP_AREA", "TEA", CITY, "2022", 930), ("CROP_AREA", "TEA", CITY, "2023", 945))
    target("CROP_AREA", "TEA", CITY, "2021-2025", 1000)  # trend 975: 97,5% of the target
    assert rows(resolution, CITY, "2023")[("CROP_AREA", "2021-2025")].status == AT_RISK


def test_an_annual_target_reached_is_achieved_and_compared_with_last_year(put, resolution, target):
    # Seed 000/002: quality rice 1.735,6 t against "trên 1.600 tấn".
    put(("CROP_PRODUCTION", "QUALITY_RICE", CITY, "2022", "1700"),
        ("CROP_PRODUCTION", "QUALITY_RICE", CITY, "2023", "1735.6"))
    target("CROP_PRODUCTION", "QUALITY_RICE", CITY, "2023", 1600)
    r = rows(resolution, CITY, "2023")[("CROP_PRODUCTION", "2023")]
    assert r.status == ACHIEVED
    assert (r.last_year, r.change) == (Decimal(1700), Decimal("35.6"))
    assert format_percent(r.percent, 1) == "108,5%"


def test_same_period_last_year_for_a_season(put, resolution, target):
    # Seed 003: "Ngô vụ đông, đông xuân: Diện tích thực hiện 610 ha, tăng 55 ha so với cùng kỳ năm trước."
    put(("CROP_AREA", "MAIZE", "12", "2024DX", 610), ("CROP_AREA", "MAIZE", "12", "2023DX", 555))
    target("CROP_AREA", "MAIZE", "12", "2024DX", 600)
    r = rows(resolution, "12", "2024DX")[("CROP_AREA", "2024DX")]
    assert r.change == Decimal(55) and r.last_year == Decimal(555)


def test_a_flow_target_is_counted_to_date_over_the_years_of_the_term(put, resolution, target):
    put(("TRAINING_CLASSES", None, CITY, "2021", 5), ("TRAINING_CLASSES", None, CITY, "2022", 6),
        *[("TRAINING_CLASSES", None, CITY, f"2023{m:02d}", 1) for m in range(1, 7)])
    target("TRAINING_CLASSES", None, CITY, "2021-2025", 30)
    r = rows(resolution, CITY, "202306")[("TRAINING_CLASSES", "2021-2025")]
    assert r.actual == Decimal(17)
    assert r.cumulative == Decimal(17)


def test_no_data_is_not_zero(resolution, target):
    target("HERD", None, "12", "2023", 360000)
    r = rows(resolution, "12", "2023")[("HERD", "2023")]
    assert r.actual is None and r.percent is None and r.status == NO_DATA


def test_the_split_of_the_city_rice_target_equals_the_four_communes(resolution, target):
    # Seed 002: 329,2 ha = San Thàng 135 + Sùng Phài 142 + Quyết Thắng 22,2 + Đông Phong 30.
    city = target("CROP_AREA", "QUALITY_RICE", CITY, "2023", "329.2", "=")
    for code, value in [("12.105.03409", 135), (SUNG_PHAI, 142), ("12.105.03386", "22.2"), ("12.105.03408", 30)]:
        target("CROP_AREA", "QUALITY_RICE", code, "2023", value, "=")
    assert city.split_total() == city.value


def test_progress_command_json_is_a_stable_list_of_numbers(put, resolution, target):
    target("CROP_NEW_AREA", "TEA", CITY, "2021-2025", 60)
    put(("CROP_NEW_AREA", "TEA", SUNG_PHAI, "2021-2023", "20.45"))
    out = StringIO()
    call_command("progress", "--programme", "05-NQ/TU", "--unit", CITY, "--period", "2021-2023", "--format", "json",
                 stdout=out)
    [row] = json.loads(out.getvalue())
    assert set(row) >= {"indicator", "option", "unit", "target", "actual", "percent", "last_year", "change",
                        "cumulative", "forecast", "status"}
    assert row["actual"] == 20.45 and row["target"] == 60.0 and row["status"] == "off_track"
    table = StringIO()
    call_command("progress", "--programme", "05-NQ/TU", "--unit", CITY, "--period", "2021-2023", stdout=table)
    assert "Dự báo khó đạt" in table.getvalue() and "34%" in table.getvalue()


def test_rollup_command_explains_and_lists_discrepancies(put):
    put(("HERD", "BUFFALO", "12", "202312", 92760), ("HERD", "CATTLE", "12", "202312", 25590),
        ("HERD", "PIG", "12", "202312", 235000), ("HERD", None, "12", "202312", 353000))
    out = StringIO()
    call_command("rollup", "--indicator", "HERD", "--unit", "12", "--period", "202312", stdout=out)
    text = out.getvalue()
    assert "353.000 con" in text and "353.350" in text and "Chênh lệch" in text
    js = StringIO()
    call_command("rollup", "--indicator", "HERD", "--unit", "12", "--period", "202312", "--format", "json", stdout=js)
    data = json.loads(js.getvalue())
    assert data["value"] == 353000 and data["discrepancies"][0]["other"] == 353350


def test_commands_refuse_unknown_codes():
    with pytest.raises(CommandError, match="không có trong danh mục"):
        call_command("rollup", "--indicator", "NOPE", "--unit", "12", "--period", "2023")
    with pytest.raises(CommandError, match="Không có chương trình"):
        call_command("progress", "--programme", "NOPE", "--unit", "12", "--period", "2023")


@pytest.mark.parametrize("depth", ["-1", "11"])
def test_rollup_refuses_a_depth_out_of_range(depth):
    with pytest.raises(CommandError, match=f"--depth {depth} không hợp lệ"):
        call_command("rollup", "--indicator", "HERD", "--unit", "12", "--period", "2023", "--depth", depth)
