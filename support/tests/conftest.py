import datetime as dt
from decimal import Decimal

import pytest

from audit.models import Channel
from records.testing import CITY, PROVINCE, SAN_THANG, Cast, unit
from support.actions import do_save_item, do_save_policy, find_or_create_beneficiary
from support.models import BeneficiaryKind, ItemKind, RateKind

SYS = Channel.SYSTEM


@pytest.fixture
def cast(db, django_user_model):
    return Cast(django_user_model)


@pytest.fixture
def policy(db):
    return do_save_policy(user=None, channel=SYS, code="07/2022/NQ-HĐND", unit=unit(PROVINCE),
                          title="Chính sách hỗ trợ sản xuất nông nghiệp hàng hóa", line_code="LC_NQ07_SUPPORT",
                          valid_from=dt.date(2022, 1, 1), valid_to=dt.date(2025, 12, 31))


@pytest.fixture
def barn(policy):
    """0,5 triệu đồng per m² of barn, at most 100 triệu đồng per beneficiary."""
    return do_save_item(user=None, channel=SYS, policy=policy, code="BARN_M2", name="Làm chuồng trại tập trung",
                        measure="m²", rate=Decimal("0.5"), ceiling=Decimal(100))


@pytest.fixture
def biogas(policy):
    """50% of the cost of a biogas digester, at most 10 triệu đồng."""
    return do_save_item(user=None, channel=SYS, policy=policy, code="BIOGAS_M3", name="Làm hầm biogas",
                        measure="m³", rate_kind=RateKind.PERCENT_OF_COST, percent=Decimal(50), ceiling=Decimal(10))


@pytest.fixture
def grass(policy):
    return do_save_item(user=None, channel=SYS, policy=policy, code="GRASS_HA", name="Trồng cỏ", measure="ha",
                        rate=Decimal(10), land_in_home_commune=True)


@pytest.fixture
def loan_item(policy):
    return do_save_item(user=None, channel=SYS, policy=policy, code="", name="Vay vốn trồng cam", measure="ha",
                        kind=ItemKind.LOAN, land_in_home_commune=True, collateral_for_organisations=True)


def household(name="Lò Văn A", home=SAN_THANG, id_number=""):
    return find_or_create_beneficiary(user=None, channel=SYS, kind=BeneficiaryKind.HOUSEHOLD, name=name,
                                      home_unit=unit(home), id_number=id_number)


@pytest.fixture
def lo_van_a(db):
    return household(id_number="012345678901")


@pytest.fixture
def city():
    return unit(CITY)


@pytest.fixture
def put_value(db):
    """put_value("HERD", "PIG", "12", "202312", 235000) stores a reported value through the write path."""
    from datavalues.writing import FigureChange, do_set_values
    from indicators.models import Indicator
    from periods.models import Period

    def _put(indicator, option, code, period, v):
        ind = Indicator.objects.get(code=indicator)
        return do_set_values([FigureChange(ind, ind.option_for(option), unit(code), Period.objects.for_code(period),
                                           Decimal(str(v)))], channel=SYS)

    return _put
