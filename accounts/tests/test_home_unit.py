"""Where a user starts (accounts.scope.home_unit): an administrator starts in the province
that holds the most stored values, not in the first province by code (an empty Hà Nội)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.scope import home_unit
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
from periods.models import Period
from units.models import Level, Unit

pytestmark = pytest.mark.django_db


def put(unit_code: str, period: str, value: int, option: str = "PIG"):
    ind = Indicator.objects.get(code="HERD")
    do_set_values([FigureChange(ind, ind.option_for(option), Unit.objects.get(code=unit_code),
                                Period.objects.for_code(period), Decimal(value))], channel="system")


def test_an_administrator_without_values_starts_in_the_first_province(admin_user_demo):
    first = Unit.objects.filter(level=Level.PROVINCE).order_by("code").first()
    assert home_unit(admin_user_demo) == first


def test_an_administrator_starts_in_the_province_with_the_most_values(admin_user_demo):
    put("02.024", "2023", 10)  # one value in Hà Giang
    for period in ("2022", "2023"):  # three in Lai Châu, in a commune and a district
        put("12.105.03409", period, 5)
    put("12.105", "2023", 7, option="CATTLE")
    with CaptureQueriesContext(connection) as queries:
        assert home_unit(admin_user_demo).code == "12"
    assert len(queries) <= 3
    for period in ("2021", "2022", "2020"):
        put("02.024", period, 1)
    assert home_unit(admin_user_demo).code == "02"
