"""The cast and the forms the collection tests share.

Units are real: Thành phố Lai Châu (12.105) with Xã San Thàng (12.105.03409) and Xã
Sùng Phài (12.105.03403); Huyện Tam Đường (12.106).  Figures come from seed 003 (the
province's December 2023 report: 92.760 buffaloes, 25.590 cattle, 235.000 pigs …).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import Profile, Role
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
from periods.models import Period
from units.models import Level, Unit

from ..models import FormRow, Importance, ReportForm, ValidationRule

PASSWORD = "mat-khau-thu"
SAN_THANG, SUNG_PHAI, CITY, TAM_DUONG = "12.105.03409", "12.105.03403", "12.105", "12.106"


def make_user(django_user_model, name, role, *codes, full_name=""):
    if role == Role.ADMIN:
        user = django_user_model.objects.create_superuser(name, "", PASSWORD)
    else:
        user = django_user_model.objects.create_user(name, password=PASSWORD)
    if full_name:
        user.first_name = full_name
        user.save(update_fields=["first_name"])
    profile = Profile.objects.create(user=user, role=role)
    profile.units.set(Unit.objects.filter(code__in=codes))
    return user


@pytest.fixture
def cast(db, django_user_model):
    """santhang, sungphai (communes), thanhpho (city), tinh (province), lanhdao (leader), admin."""
    return {
        "santhang": make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, SAN_THANG),
        "sungphai": make_user(django_user_model, "sungphai", Role.COMMUNE_OFFICER, SUNG_PHAI),
        "thanhpho": make_user(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, CITY),
        "tinh": make_user(django_user_model, "tinh", Role.PROVINCE_OFFICER, "12"),
        "lanhdao": make_user(django_user_model, "lanhdao", Role.LEADER, "12"),
        "admin": make_user(django_user_model, "quantri", Role.ADMIN),
    }


def build_forms():
    """A monthly commune form and a monthly district form for Lai Châu, with two rules."""
    ind = {i.code: i for i in Indicator.objects.select_related("disaggregation")}
    province = Unit.objects.get(code="12")
    commune = ReportForm.objects.create(code="BC_THANG_XA", name="Báo cáo tháng — cấp xã", period_type="month",
                                        level=Level.COMMUNE, root_unit=province, deadline_offset_days=0)
    herd = FormRow.objects.create(form=commune, indicator=ind["HERD"], section="Chăn nuôi", sort_order=1)
    herd.options.set([ind["HERD"].option_for(c) for c in ("BUFFALO", "CATTLE", "PIG")])
    FormRow.objects.create(form=commune, indicator=ind["POULTRY"], section="Chăn nuôi", sort_order=2)
    for order, code in enumerate(["CROP_AREA", "CROP_HARVEST_AREA"], start=3):
        row = FormRow.objects.create(form=commune, indicator=ind[code], section="Trồng trọt", sort_order=order,
                                     total="sum")
        row.options.set([ind[code].option_for(c) for c in ("TEA", "MAIZE")])
    district = ReportForm.objects.create(code="BC_THANG_HUYEN", name="Báo cáo tháng — cấp huyện",
                                         period_type="month", level=Level.DISTRICT, root_unit=province,
                                         deadline_offset_days=3)
    row = FormRow.objects.create(form=district, indicator=ind["HERD"], section="Chăn nuôi", sort_order=1)
    row.options.set([ind["HERD"].option_for(c) for c in ("BUFFALO", "CATTLE", "PIG")])
    ValidationRule.objects.create(code="HERD_SUM", name="Tổng đàn bằng tổng các loài", left="HERD",
                                  operator="==", right="HERD.BUFFALO + HERD.CATTLE + HERD.PIG",
                                  importance=Importance.ERROR)
    ValidationRule.objects.create(code="HARVEST_LE_AREA", name="Diện tích cho thu hoạch không vượt diện tích",
                                  left="CROP_HARVEST_AREA", operator="<=", right="CROP_AREA", per_option=True,
                                  importance=Importance.ERROR)
    return commune, district


@pytest.fixture
def forms(db):
    return build_forms()


def u(code):
    return Unit.objects.get(code=code)


def p(code):
    return Period.objects.for_code(code)


def put(*rows, user=None):
    """put(("HERD", "PIG", SAN_THANG, "202312", 235000), …) through the product's write path."""
    changes = []
    for indicator, option, unit, period, value in rows:
        ind = Indicator.objects.get(code=indicator)
        changes.append(FigureChange(ind, ind.option_for(option), u(unit), p(period), Decimal(str(value))))
    return do_set_values(changes, user=user, channel="system")
