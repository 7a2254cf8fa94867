"""Ineligible applications are refused with a clear Vietnamese reason and nothing is stored
(seed 004: land outside the household's registered commune; cooperatives without
collateral)."""

import datetime as dt
from decimal import Decimal

import pytest

from audit.models import AuditEntry, Channel
from records.actions import Refused
from records.testing import SAN_THANG, SUNG_PHAI, unit
from support.actions import do_register_application, do_register_loan, find_or_create_beneficiary
from support.models import Application, BeneficiaryKind, Loan

pytestmark = pytest.mark.django_db
SYS = Channel.SYSTEM
D = dt.date(2023, 3, 1)


def test_land_outside_the_registered_commune_is_refused_with_the_reason(grass, lo_van_a):
    before = AuditEntry.objects.count()
    with pytest.raises(Refused) as e:
        do_register_application(user=None, channel=SYS, item=grass, beneficiary=lo_van_a, unit=unit(SUNG_PHAI),
                                quantity=Decimal(1), registered_on=D)
    assert e.value.reasons == [
        "Đất thực hiện ở Xã Sùng Phài không nằm trong xã đăng ký hộ khẩu thường trú của hộ (Xã San Thàng); theo "
        "Nghị quyết 07/2022/NQ-HĐND, hộ chỉ được hỗ trợ trên đất tại xã nơi đăng ký thường trú."]
    assert not Application.objects.exists()
    assert AuditEntry.objects.count() == before
    # the same household on land in its own commune is eligible
    do_register_application(user=None, channel=SYS, item=grass, beneficiary=lo_van_a, unit=unit(SAN_THANG),
                            quantity=Decimal(1), registered_on=D)


def test_a_cooperative_without_collateral_cannot_borrow(loan_item):
    coop = find_or_create_beneficiary(user=None, channel=SYS, kind=BeneficiaryKind.COOPERATIVE,
                                      name="HTX Cam sành Bắc Quang", home_unit=unit(SAN_THANG))
    with pytest.raises(Refused) as e:
        do_register_loan(user=None, channel=SYS, item=loan_item, beneficiary=coop, unit=unit(SAN_THANG),
                         applied_on=D, area_ha=Decimal(5), has_collateral=False)
    assert e.value.reasons == ["HTX Cam sành Bắc Quang không có tài sản thế chấp nên không đủ điều kiện vay vốn "
                               "theo Nghị quyết 07/2022/NQ-HĐND."]
    assert not Loan.objects.exists()
    loan = do_register_loan(user=None, channel=SYS, item=loan_item, beneficiary=coop, unit=unit(SAN_THANG),
                            applied_on=D, area_ha=Decimal(5), has_collateral=True)
    assert loan.pk


def test_a_household_borrowing_for_land_in_another_commune_is_refused(loan_item, lo_van_a):
    with pytest.raises(Refused, match="không nằm trong xã đăng ký hộ khẩu thường trú"):
        do_register_loan(user=None, channel=SYS, item=loan_item, beneficiary=lo_van_a, unit=unit(SUNG_PHAI),
                         applied_on=D)


def test_outside_the_policy_area_or_its_validity_is_refused(barn, lo_van_a):
    hg = find_or_create_beneficiary(user=None, channel=SYS, kind=BeneficiaryKind.HOUSEHOLD, name="Hầu A Chứ",
                                    home_unit=unit("02"))
    with pytest.raises(Refused) as e:
        do_register_application(user=None, channel=SYS, item=barn, beneficiary=hg, unit=unit("02"),
                                quantity=Decimal(10), registered_on=dt.date(2026, 1, 5))
    assert e.value.reasons == [
        "Tỉnh Hà Giang nằm ngoài địa bàn được hỗ trợ của Nghị quyết 07/2022/NQ-HĐND (Tỉnh Lai Châu).",
        "Ngày đăng ký 05/01/2026 sau ngày Nghị quyết 07/2022/NQ-HĐND hết hiệu lực (31/12/2025).",
    ]


def test_a_kind_of_beneficiary_the_item_excludes_is_refused(policy, lo_van_a):
    from support.actions import do_save_item

    item = do_save_item(user=None, channel=SYS, policy=policy, name="Hỗ trợ HTX", measure="HTX", rate=Decimal(1),
                        allow_household=False)
    with pytest.raises(Refused, match="không hỗ trợ «Hỗ trợ HTX» cho đối tượng là hộ gia đình, cá nhân"):
        do_register_application(user=None, channel=SYS, item=item, beneficiary=lo_van_a, unit=unit(SAN_THANG),
                                quantity=Decimal(1), registered_on=D)


def test_one_id_number_is_one_household(lo_van_a):
    assert find_or_create_beneficiary(user=None, channel=SYS, kind=BeneficiaryKind.HOUSEHOLD, name="lò văn a",
                                      home_unit=unit(SAN_THANG), id_number="012345678901") == lo_van_a
    with pytest.raises(Refused, match="đã thuộc Lò Văn A"):
        find_or_create_beneficiary(user=None, channel=SYS, kind=BeneficiaryKind.HOUSEHOLD, name="Giàng A Sử",
                                   home_unit=unit(SAN_THANG), id_number="012345678901")


def test_the_registered_commune_follows_the_2025_reform(grass, lo_van_a):
    from support.actions import do_save_policy

    do_save_policy(user=None, channel=SYS, code=grass.policy.code, unit=grass.policy.unit, valid_to=None)
    grass.refresh_from_db()
    # registered in the old Xã San Thàng, land in the new Phường Tân Phong that took it over
    app = do_register_application(user=None, channel=SYS, item=grass, beneficiary=lo_van_a, unit=unit("12.03408"),
                                  quantity=Decimal(1), registered_on=dt.date(2026, 2, 1))
    assert app.pk
    with pytest.raises(Refused, match="không nằm trong xã đăng ký"):  # Phường Đoàn Kết took Sùng Phài, not San Thàng
        do_register_application(user=None, channel=SYS, item=grass, beneficiary=lo_van_a, unit=unit("12.03388"),
                                quantity=Decimal(1), registered_on=dt.date(2026, 2, 1))
