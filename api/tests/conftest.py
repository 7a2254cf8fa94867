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
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
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
