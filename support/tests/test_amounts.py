"""The support amount follows the item's rate applied to the accepted quantity, capped by
the ceiling per beneficiary."""

import datetime as dt
from decimal import Decimal

import pytest

from audit.models import Channel
from records.actions import Refused
from records.testing import SAN_THANG, unit
from support.actions import compute_amount, do_accept, do_approve, do_register_application

from .conftest import household

pytestmark = pytest.mark.django_db
SYS = Channel.SYSTEM
D = dt.date(2023, 3, 1)


def register(item, who, qty, **kw):
    return do_register_application(user=None, channel=SYS, item=item, beneficiary=who, unit=unit(SAN_THANG),
                                   quantity=Decimal(qty), registered_on=D, **kw)


def approve_and_accept(app, accepted):
    app = do_approve(app, user=None, channel=SYS, decision_number="15/QĐ-UBND", decided_on=D)
    return do_accept(app, user=None, channel=SYS, accepted_on=D + dt.timedelta(days=30),
                     accepted_quantity=Decimal(accepted))


def test_the_amount_is_the_rate_times_the_accepted_quantity(barn, lo_van_a):
    app = approve_and_accept(register(barn, lo_van_a, "150"), "120")
    # 120 m² × 0,5 triệu đồng/m² = 60 triệu đồng (not the 75 of the 150 m² registered)
    assert app.amount == Decimal(60)
    assert "120 m² × 0,5 triệu đồng/m² = 60 triệu đồng" in app.amount_note


def test_the_amount_is_capped_by_the_ceiling_per_beneficiary(barn, lo_van_a):
    app = approve_and_accept(register(barn, lo_van_a, "300"), "300")  # 150 triệu đồng by the rate
    assert app.amount == Decimal(100)
    assert "mức tối đa 100 triệu đồng/đối tượng" in app.amount_note


def test_what_the_beneficiary_already_received_counts_against_the_ceiling(barn, lo_van_a):
    approve_and_accept(register(barn, lo_van_a, "160"), "160")  # 80 triệu đồng
    second = approve_and_accept(register(barn, lo_van_a, "100"), "100")  # 50 by the rate, 20 left
    assert second.amount == Decimal(20)
    assert "đã nhận 80 triệu đồng nên còn 20 triệu đồng" in second.amount_note
    other = approve_and_accept(register(barn, household("Vàng A Pó"), "100"), "100")
    assert other.amount == Decimal(50)


def test_a_share_of_the_cost_follows_the_accepted_cost_and_the_ceiling(biogas, lo_van_a):
    app = register(biogas, lo_van_a, "10", cost=Decimal(16))
    app = do_approve(app, user=None, channel=SYS, decision_number="1/QĐ", decided_on=D)
    assert app.approved_amount == Decimal(8)  # 50% of 16
    app = do_accept(app, user=None, channel=SYS, accepted_on=D, accepted_quantity=Decimal(10),
                    accepted_cost=Decimal(30))
    assert app.amount == Decimal(10)  # 50% of 30 = 15, capped at 10


def test_a_requested_amount_over_the_ceiling_is_refused_with_the_reason(barn, lo_van_a):
    with pytest.raises(Refused) as e:
        register(barn, lo_van_a, "300", requested_amount=Decimal(150))
    assert e.value.reasons == ["Số tiền đề nghị 150 triệu đồng vượt mức hỗ trợ tối đa 100 triệu đồng/đối tượng."]


def test_an_item_without_a_rate_cannot_be_accepted(policy, lo_van_a):
    from support.actions import do_save_item

    item = do_save_item(user=None, channel=SYS, policy=policy, code="BEEHIVE", name="Nuôi ong", measure="thùng")
    app = do_approve(register(item, lo_van_a, "20"), user=None, channel=SYS, decision_number="2/QĐ", decided_on=D)
    assert app.approved_amount is None
    with pytest.raises(Refused, match="chưa có mức hỗ trợ"):
        do_accept(app, user=None, channel=SYS, accepted_on=D, accepted_quantity=Decimal(20))


def test_compute_amount_rounds_to_the_dong(barn):
    amount, _how = compute_amount(barn, Decimal("0.0000011"))
    assert amount == Decimal("0.000001")
