from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ..layout import FormData
from ..models import Importance, Plausibility, ValidationRule
from ..rules import Catalogue, check_rule, compile_rule
from .conftest import SAN_THANG, p, put, u

pytestmark = pytest.mark.django_db


def rule(**kw):
    defaults = dict(code="R", name="Quy tắc", operator="==", importance=Importance.ERROR)
    defaults.update(kw)
    return ValidationRule(**defaults)


def test_the_herd_total_of_seed_003_equals_its_species_and_a_wrong_part_breaks_the_rule():
    (inst,) = compile_rule(rule(left="HERD", right="HERD.BUFFALO + HERD.CATTLE + HERD.PIG"))
    values = {("HERD", None): Decimal(353350), ("HERD", "BUFFALO"): Decimal(92760),
              ("HERD", "CATTLE"): Decimal(25590), ("HERD", "PIG"): Decimal(235000)}
    assert check_rule(inst, values) is None
    values[("HERD", "PIG")] = Decimal(234000)
    v = check_rule(inst, values)
    assert v.is_error
    assert v.message == "Tổng đàn gia súc (353.350) phải bằng Trâu + Bò + Lợn (352.350)."


def test_a_per_option_rule_checks_every_crop_with_its_own_name():
    instances = compile_rule(rule(left="CROP_HARVEST_AREA", operator="<=", right="CROP_AREA", per_option=True))
    tea = next(i for i in instances if i.binding == "TEA")
    values = {("CROP_HARVEST_AREA", "TEA"): Decimal(950), ("CROP_AREA", "TEA"): Decimal("963.45")}
    assert check_rule(tea, values) is None
    values[("CROP_AREA", "TEA")] = Decimal(940)
    assert check_rule(tea, values).message == \
        "Chè: Diện tích kinh doanh, cho thu hoạch (950) không được lớn hơn Diện tích hiện có (940)."
    maize = next(i for i in instances if i.binding == "MAIZE")
    assert check_rule(maize, values) is None  # no maize figure: skipped


def test_a_side_whose_figures_are_all_missing_skips_the_rule_and_a_missing_part_counts_as_zero():
    (inst,) = compile_rule(rule(left="HERD", right="HERD.BUFFALO + HERD.CATTLE + HERD.PIG"))
    assert check_rule(inst, {("HERD", None): Decimal(10)}) is None
    v = check_rule(inst, {("HERD", None): Decimal(10), ("HERD", "PIG"): Decimal(9)})
    assert v is not None and "(9)" in v.message


def test_a_tolerance_absorbs_rounding():
    (inst,) = compile_rule(rule(left="AQUA_PRODUCTION", right="AQUA_PRODUCTION.FARMED + AQUA_PRODUCTION.CAPTURED",
                                tolerance=Decimal("0.5")))
    values = {("AQUA_PRODUCTION", None): Decimal(3700), ("AQUA_PRODUCTION", "FARMED"): Decimal("3505.6"),
              ("AQUA_PRODUCTION", "CAPTURED"): Decimal(194)}
    assert check_rule(inst, values) is None


@pytest.mark.parametrize("left,right,message", [
    ("HERD +", "HERD.PIG", "sai cú pháp"),
    ("NO_SUCH", "HERD.PIG", "không có trong danh mục"),
    ("HERD", "HERD.TEA", "không thuộc chỉ tiêu HERD"),
    ("HERD", "__import__('os')", ""),
])
def test_a_malformed_rule_is_refused_in_vietnamese(left, right, message):
    with pytest.raises(ValidationError) as e:
        rule(left=left, right=right).clean()
    assert message in str(e.value)


def test_plausibility_compares_with_the_same_month_of_earlier_years_not_the_previous_month(forms):
    commune, _ = forms
    # Maize is sown in winter: November is small, December large, as in December of earlier years.
    put(("CROP_AREA", "MAIZE", SAN_THANG, "202112", 590), ("CROP_AREA", "MAIZE", SAN_THANG, "202212", 555),
        ("CROP_AREA", "MAIZE", SAN_THANG, "202311", 12), ("CROP_AREA", "MAIZE", SAN_THANG, "202312", 610))
    data = FormData(commune, p("202312"), [u(SAN_THANG)])
    assert [v.message for v in data.check(u(SAN_THANG)) if v.kind == "plausibility"] == []
    # Ten times December of the earlier years is flagged, naming those Decembers.
    put(("CROP_AREA", "MAIZE", SAN_THANG, "202312", 5800))
    data = FormData(commune, p("202312"), [u(SAN_THANG)])
    (warning,) = [v for v in data.check(u(SAN_THANG)) if v.kind == "plausibility"]
    assert not warning.is_error
    assert "gấp" in warning.message and "Tháng 12/2022 = 555" in warning.message
    assert "Tháng 11/2023" not in warning.message


def test_min_and_max_per_indicator_are_warnings(forms):
    commune, _ = forms
    from indicators.models import Indicator

    Plausibility.objects.create(indicator=Indicator.objects.get(code="POULTRY"), min_value=1, max_value=5000,
                                max_ratio=None)
    put(("POULTRY", None, SAN_THANG, "202312", 6000))
    data = FormData(commune, p("202312"), [u(SAN_THANG)])
    (warning,) = data.check(u(SAN_THANG))
    assert "lớn hơn mức tối đa hợp lý 5.000 nghìn con" in warning.message


def test_rules_only_for_their_period_types(forms):
    ValidationRule.objects.filter(code="HERD_SUM").update(period_types=["year"])
    commune, _ = forms
    put(("HERD", None, SAN_THANG, "202312", 100), ("HERD", "PIG", SAN_THANG, "202312", 90))
    data = FormData(commune, p("202312"), [u(SAN_THANG)])
    assert data.check(u(SAN_THANG)) == []


def test_the_catalogue_labels_options_in_vietnamese():
    cat = Catalogue()
    assert cat.label(("HERD", "PIG")) == "Tổng đàn gia súc (Lợn)"


def test_a_missing_factor_skips_the_rule_instead_of_counting_as_zero():
    instances = compile_rule(rule(left="SUPPORT_AREA * 10000 / SUPPORT_BENEFICIARIES", operator=">=", right="100",
                                  per_option=True, importance=Importance.WARNING))
    total = next(i for i in instances if i.binding is None)
    assert check_rule(total, {("SUPPORT_BENEFICIARIES", None): Decimal(2441)}) is None
    garden = next(i for i in instances if i.binding == "HG_NQ05_GARDEN")
    # Seed 004: "2.326 hộ/2,6 ha" — 11 m² per household.
    v = check_rule(garden, {("SUPPORT_AREA", "HG_NQ05_GARDEN"): Decimal("2.6"),
                            ("SUPPORT_BENEFICIARIES", "HG_NQ05_GARDEN"): Decimal(2326)})
    assert v is not None and not v.is_error
    assert v.message == ("Quy tắc (Nghị quyết 05/NQ-TU tỉnh Hà Giang — cải tạo vườn tạp, phát triển kinh tế vườn hộ): "
                         "11,178 không được nhỏ hơn 100.")


# --------------------------------------------------------------------------- a whole and its parts
def test_a_whole_whose_parts_add_up_is_checked_against_them_once_every_part_is_given():
    from indicators.models import Option

    from ..rules import structural_rules

    fruit = Option.objects.get(disaggregation__code="CROP", code="FRUIT")
    parts = list(Option.objects.filter(part_of=fruit).order_by("sort_order"))
    fruit.parts_add_up = True
    fruit.save()
    inst = next(i for i in structural_rules(Catalogue()) if i.id == "CROP_AREA.FRUIT.NHOM_CON")
    values = {("CROP_AREA", "FRUIT"): Decimal(20), ("CROP_AREA", parts[0].code): Decimal(10)}
    assert check_rule(inst, values) is None  # a part not given yet: nothing to say
    for part in parts[1:]:
        values[("CROP_AREA", part.code)] = Decimal(4)
    v = check_rule(inst, values)
    total = 10 + 4 * (len(parts) - 1)
    assert v.is_error and v.message == (
        f"Diện tích hiện có (Cây ăn quả) (20) phải bằng tổng các nhóm con ("
        f"{' + '.join(p.name for p in parts)}) ({total}); lệch {abs(20 - total)}.")
    assert inst.as_json()["all"] is True and inst.as_json()["diff"] is True


def test_parts_within_a_whole_may_not_exceed_it():
    from ..rules import structural_rules

    inst = next(i for i in structural_rules(Catalogue()) if i.id == "CROP_AREA.RICE.NHOM_CON")
    assert check_rule(inst, {("CROP_AREA", "RICE"): Decimal(500), ("CROP_AREA", "QUALITY_RICE"): Decimal(329)}) \
        is None
    v = check_rule(inst, {("CROP_AREA", "RICE"): Decimal(300), ("CROP_AREA", "QUALITY_RICE"): Decimal("329.2")})
    assert v.message == ("Diện tích hiện có (Lúa) (300) không được nhỏ hơn tổng các nhóm con (Lúa chất lượng) "
                         "(329,2); lệch 29,2.")
