"""The cast of the API tests and token clients.

* ``santhang``: commune officer of Xã San Thàng (12.105.03409), which merged into
  Phường Tân Phong (12.03408) on 1 July 2025;
* ``thanhpho``: officer of Thành phố Lai Châu (12.105);
* ``lanhdao``: a leader of the province (reads everything in 12, writes nothing).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Profile, Role
from api.models import Dhis2DataSet, Dhis2Instance, Dhis2Mapping, Kind
from datavalues.models import DataValue
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator, Option
from periods.models import Period
from units.models import Unit

SAN_THANG, SUNG_PHAI, CITY, TAN_PHONG = "12.105.03409", "12.105.03403", "12.105", "12.03408"


def create_user(django_user_model, name, role, *codes):
    user = django_user_model.objects.create_user(name, password="pw-for-tests")
    profile = Profile.objects.create(user=user, role=role)
    profile.units.set(Unit.objects.filter(code__in=codes))
    return user


@pytest.fixture
def make_user(django_user_model):
    return lambda name, role, *codes: create_user(django_user_model, name, role, *codes)


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def commune_officer(make_user):
    return make_user("santhang", Role.COMMUNE_OFFICER, SAN_THANG)


@pytest.fixture
def city_officer(make_user):
    return make_user("thanhpho", Role.DISTRICT_OFFICER, CITY)


@pytest.fixture
def leader(make_user):
    return make_user("lanhdao", Role.LEADER, "12")


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("quantri", "", "pw-for-tests")


@pytest.fixture
def client_for():
    return token_client


def put_values(*rows, channel="system"):
    """put_values(("HERD", "PIG", "12", "202312", "235000"), …) through the product's write path."""
    changes = []
    for indicator, option, unit, period, value in rows:
        ind = Indicator.objects.get(code=indicator)
        changes.append(FigureChange(ind, ind.option_for(option), Unit.objects.get(code=unit),
                                    Period.objects.for_code(period), Decimal(str(value))))
    return do_set_values(changes, channel=channel)


@pytest.fixture
def put():
    return put_values


# --------------------------------------------------------------------------- a DHIS2 partner

URL = "/api/dhis2/dataValueSets"
DE_HERD, DE_CROP_AREA, DE_POULTRY = "deHerd00001", "deCropArea1", "dePoultry01"
COC_PIG, COC_CATTLE, COC_TEA, COC_TOTAL = "cocPig00001", "cocCattle01", "cocTea00001", "HllvX50cXC0"
OU_SAN_THANG, OU_SUNG_PHAI, OU_CITY, OU_TAN_PHONG = "ouSanThang1", "ouSungPhai1", "ouCity00001", "ouTanPhong1"


@pytest.fixture
def instance(db):
    inst = Dhis2Instance.objects.create(name="hispvn", url="https://dhis2.example.org")

    def m(kind, uid, **target):
        Dhis2Mapping.objects.create(instance=inst, kind=kind, uid=uid, **target)

    ind = {i.code: i for i in Indicator.objects.filter(code__in=["HERD", "CROP_AREA", "POULTRY"])}
    m(Kind.DATA_ELEMENT, DE_HERD, indicator=ind["HERD"])
    m(Kind.DATA_ELEMENT, DE_CROP_AREA, indicator=ind["CROP_AREA"])
    m(Kind.DATA_ELEMENT, DE_POULTRY, indicator=ind["POULTRY"])
    m(Kind.CATEGORY_OPTION_COMBO, COC_PIG, option=Option.objects.get(disaggregation__code="SPECIES", code="PIG"))
    m(Kind.CATEGORY_OPTION_COMBO, COC_CATTLE,
      option=Option.objects.get(disaggregation__code="SPECIES", code="CATTLE"))
    m(Kind.CATEGORY_OPTION_COMBO, COC_TEA, option=Option.objects.get(disaggregation__code="CROP", code="TEA"))
    m(Kind.CATEGORY_OPTION_COMBO, COC_TOTAL)
    for uid, code in [(OU_SAN_THANG, SAN_THANG), (OU_SUNG_PHAI, SUNG_PHAI), (OU_CITY, CITY),
                      (OU_TAN_PHONG, TAN_PHONG)]:
        m(Kind.ORG_UNIT, uid, unit=Unit.objects.get(code=code))
    ds = Dhis2DataSet.objects.create(instance=inst, uid="dsLivestock", name="Chăn nuôi")
    ds.indicators.set([ind["HERD"], ind["POULTRY"]])
    return inst


def dv(de, coc, ou, pe, value, **extra):
    d = {"dataElement": de, "orgUnit": ou, "period": pe, "value": value, **extra}
    if coc:
        d["categoryOptionCombo"] = coc
    return d


def snapshot():
    return sorted((v.indicator.code, v.option.code if v.option else "", v.unit.code, v.period.code, v.value,
                   v.comment) for v in DataValue.objects.select_related("indicator", "option", "unit", "period"))


