"""Fixtures of the registry tests: units of the seeds, users of each role, records
written through the actions, and the registry indicators (created here if the
catalogue does not have them yet)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import Profile, Role
from audit.models import Channel
from engine.rollup import Engine
from indicators.models import Disaggregation, Indicator, Option
from registries import actions
from registries.models import Certification, Cooperative, Farm, LivestockFacility, OcopProduct
from units.models import Unit

PROVINCE, CITY = "12", "12.105"
SAN_THANG, SUNG_PHAI, DONG_PHONG, QUYET_THANG = "12.105.03409", "12.105.03403", "12.105.03408", "12.105.03386"
NEW_TAN_PHONG = "12.03408"  # from 01/07/2025: San Thàng + Đông Phong + Tân Phong (old) + two communes of 12.106
TAM_DUONG = "12.106"

# What the providers need from the catalogue (indicators/catalogue.py holds the real entries).
NEEDED = {
    "OCOP_STARS": ["STAR3", "STAR4", "STAR5"],
    "OCOP_RANKING_RESULT": ["PASSED", "FAILED"],
    "COOP_FIELD": ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "GENERAL"],
    "FARM_TYPE": ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "MIXED"],
    "FACILITY_SPECIES": ["BUFFALO", "CATTLE", "PIG", "HORSE", "GOAT", "RABBIT", "POULTRY", "BEE"],
    "CERT_STANDARD": ["VIETGAP", "VIETGAP_LIVESTOCK", "VIETGAP_AQUA", "GLOBALGAP", "ORGANIC", "RA", "ISO"],
}
INDICATORS = {
    "OCOP_PRODUCTS": ("OCOP_STARS", "stock"), "OCOP_NEW_PRODUCTS": ("OCOP_STARS", "flow"),
    "OCOP_RANKED_PRODUCTS": ("OCOP_RANKING_RESULT", "flow"), "OCOP_UPGRADE_PROPOSED": ("OCOP_STARS", "flow"),
    "OCOP_PRODUCTS_COOP": (None, "stock"), "COOPS_WITH_OCOP": (None, "stock"),
    "COOPERATIVES": ("COOP_FIELD", "stock"), "FARMS": ("FARM_TYPE", "stock"), "FARM_AREA": (None, "stock"),
    "FARM_WORKERS": (None, "stock"), "LIVESTOCK_FACILITIES": ("FACILITY_SPECIES", "stock"),
    "CERTIFIED_FACILITIES": ("CERT_STANDARD", "stock"), "CERTIFIED_AREA": ("CERT_STANDARD", "stock"),
    "CERTIFIED_AQUA_VOLUME": ("CERT_STANDARD", "stock"),
}


@pytest.fixture(autouse=True)
def registry_catalogue(db):
    for dcode, options in NEEDED.items():
        d, _ = Disaggregation.objects.get_or_create(code=dcode, defaults={"name": dcode})
        for i, ocode in enumerate(options):
            Option.objects.get_or_create(disaggregation=d, code=ocode, defaults={"name": ocode, "sort_order": i})
    for code, (dcode, time) in INDICATORS.items():
        Indicator.objects.get_or_create(code=code, defaults=dict(
            name=code, measure="cơ sở", time_aggregation=time,
            disaggregation=Disaggregation.objects.get(code=dcode) if dcode else None))


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def value(indicator: str, unit_code: str, period: str, option: str | None = None) -> Decimal | None:
    return Engine().value(indicator, unit_code, period, option).value


@pytest.fixture
def make_user(django_user_model):
    def _make(name: str, role: str, *codes: str):
        user = django_user_model.objects.create_user(name, password="pw")
        profile = Profile.objects.create(user=user, role=role)
        profile.units.set(Unit.objects.filter(code__in=codes))
        return user
    return _make


@pytest.fixture
def province_officer(make_user):
    return make_user("tinh", Role.PROVINCE_OFFICER, PROVINCE)


@pytest.fixture
def city_officer(make_user):
    return make_user("thanhpho", Role.DISTRICT_OFFICER, CITY)


@pytest.fixture
def commune_officer(make_user):
    return make_user("santhang", Role.COMMUNE_OFFICER, SAN_THANG)


def ocop(unit_code: str, name: str, decision: dt.date | None = None, stars: int = 3, owner: str = "HTX Thử",
         **fields) -> OcopProduct:
    product = actions.do_create(OcopProduct, dict(unit=unit(unit_code), name=name, owner_name=owner, **fields),
                                channel=Channel.SYSTEM)
    if decision is not None:
        actions.do_record_ocop_certificate(product, decision_date=decision, stars=stars, channel=Channel.SYSTEM)
        product.refresh_from_db()
    return product


def coop(unit_code: str, name: str, field: str = "CROP", **extra) -> Cooperative:
    return actions.do_create(Cooperative, dict(unit=unit(unit_code), name=name, field=field, **extra),
                             channel=Channel.SYSTEM)


def farm(unit_code: str, owner: str, farm_type: str = "LIVESTOCK", **extra) -> Farm:
    return actions.do_create(Farm, dict(unit=unit(unit_code), owner=owner, farm_type=farm_type, **extra),
                             channel=Channel.SYSTEM)


def facility(unit_code: str, owner: str, species: str, **extra) -> LivestockFacility:
    return actions.do_create(LivestockFacility, dict(unit=unit(unit_code), owner=owner, species=species, **extra),
                             channel=Channel.SYSTEM)


def cert(unit_code: str, holder: str, standard: str, **extra) -> Certification:
    return actions.do_create(Certification, dict(unit=unit(unit_code), holder=holder, standard=standard, **extra),
                             channel=Channel.SYSTEM)
