"""Helpers shared by the tests of the record-keeping apps (support, capital, works, incidents …)."""

from __future__ import annotations

import datetime as dt

from accounts.models import Profile
from audit.models import Channel
from engine.rollup import Engine
from units.models import Unit

from .actions import do_declare_coverage

CITY, PROVINCE, HA_GIANG = "12.105", "12", "02"
SUNG_PHAI, SAN_THANG, DONG_PHONG = "12.105.03403", "12.105.03409", "12.105.03408"
MUONG_TE, BUM_NUA = "12.107", "12.107.03466"


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def make_user(django_user_model, name: str, role: str, *codes: str):
    user = django_user_model.objects.create_user(name, password="pw-for-tests")
    profile = Profile.objects.create(user=user, role=role)
    profile.units.set(Unit.objects.filter(code__in=codes))
    return user


def keep(register: str, code: str, since: dt.date = dt.date(2000, 1, 1)):
    """Declare that every record of ``register`` for unit ``code`` is kept in the system."""
    return do_declare_coverage(user=None, channel=Channel.SYSTEM, register=register, unit=unit(code), since=since)


def value(indicator: str, unit_code: str, period: str, option: str | None = None):
    """The engine's figure (a fresh engine, so a changed record shows)."""
    return Engine().value(indicator, unit_code, period, option).value


class Cast:
    """The fixed cast of users every page test can ask (healthchecks-style)."""

    def __init__(self, django_user_model):
        from accounts.models import Role

        self.province = make_user(django_user_model, "tinh", Role.PROVINCE_OFFICER, PROVINCE)
        self.city = make_user(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, CITY)
        self.santhang = make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, SAN_THANG)
        self.sungphai = make_user(django_user_model, "sungphai", Role.COMMUNE_OFFICER, SUNG_PHAI)
        self.leader = make_user(django_user_model, "lanhdao", Role.LEADER, PROVINCE)
        self.muongte = make_user(django_user_model, "muongte", Role.DISTRICT_OFFICER, MUONG_TE)


def client_for(client, user):
    client.force_login(user)
    return client


def xlsx_rows(content: bytes) -> list[list]:
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(content))
    return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]
