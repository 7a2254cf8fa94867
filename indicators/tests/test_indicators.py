from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.formula import FormulaError, Reference, parse_formula
from indicators.loading import load_catalogue
from indicators.models import Indicator, Option

REQUIRED = ["CROP_AREA", "CROP_NEW_AREA", "CROP_HARVEST_AREA", "CROP_PRODUCTION", "HERD", "POULTRY",
            "MEAT_PRODUCTION", "AQUA_PRODUCTION", "AQUA_POND_AREA", "TRAINING_CLASSES", "TRAINEES",
            "FOREST_VIOLATIONS", "CAPITAL_ALLOCATED", "CAPITAL_DISBURSED"]
CROPS = ["TEA", "MACADAMIA", "RICE", "QUALITY_RICE", "MAIZE", "FLOWER", "VEGETABLE", "FRUIT", "CANNA", "BANANA",
         "CAM_SANH"]


@pytest.mark.django_db
def test_the_catalogue_has_the_codes_the_product_relies_on():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert set(REQUIRED) <= codes
    crop = Indicator.objects.get(code="CROP_AREA")
    assert crop.time_aggregation == "stock" and crop.measure == "ha"
    assert set(CROPS) <= set(crop.disaggregation.options.values_list("code", flat=True))
    assert Indicator.objects.get(code="CROP_PRODUCTION").time_aggregation == "flow"
    herd = Indicator.objects.get(code="HERD")
    assert {"BUFFALO", "CATTLE", "PIG", "HORSE", "GOAT"} <= set(herd.disaggregation.options.values_list("code",
                                                                                                        flat=True))
    aqua = Indicator.objects.get(code="AQUA_PRODUCTION")
    assert set(aqua.disaggregation.options.values_list("code", flat=True)) == {"FARMED", "CAPTURED"}


@pytest.mark.django_db
def test_quality_rice_is_part_of_rice_so_totals_do_not_count_it_twice():
    q = Option.objects.get(disaggregation__code="CROP", code="QUALITY_RICE")
    assert q.part_of.code == "RICE"


@pytest.mark.django_db
def test_loading_the_catalogue_again_keeps_one_row_per_code():
    n = Indicator.objects.count()
    load_catalogue()
    assert Indicator.objects.count() == n


def test_formulas_are_evaluated_safely():
    f = parse_formula("CROP_PRODUCTION / CROP_HARVEST_AREA")
    assert f.references == {"CROP_PRODUCTION", "CROP_HARVEST_AREA"}
    values = {"CROP_PRODUCTION": Decimal("13.5"), "CROP_HARVEST_AREA": Decimal("3")}
    assert f.evaluate(lambda r: values.get(r.indicator)) == Decimal("4.5")
    assert f.evaluate(lambda r: None) is None
    assert f.evaluate(lambda r: Decimal(0)) is None  # no division by zero


def test_a_formula_can_pin_an_option():
    f = parse_formula("(CROP_PRODUCTION.RICE - CROP_PRODUCTION.QUALITY_RICE) * 2")
    assert Reference("CROP_PRODUCTION", "RICE") in f.refs
    values = {"RICE": Decimal(10), "QUALITY_RICE": Decimal(4)}
    assert f.evaluate(lambda r: values[r.option]) == Decimal(12)


@pytest.mark.parametrize("text", ["__import__('os')", "A ** 2", "A if B else C", "'x'", "A(", "A[0]", "f(A)"])
def test_anything_but_arithmetic_is_refused(text):
    with pytest.raises(FormulaError):
        parse_formula(text)


@pytest.mark.django_db
def test_a_formula_indicator_must_reference_existing_codes():
    ind = Indicator(code="BAD_RATIO", name="x", measure="%", kind="formula", formula="CROP_AREA / NOPE")
    with pytest.raises(ValidationError, match="NOPE"):
        ind.full_clean()
    ind.formula = "BAD_RATIO * 2"
    with pytest.raises(ValidationError, match="chính chỉ tiêu"):
        ind.full_clean()
