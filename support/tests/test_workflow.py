"""registered → approved → accepted → paid, or rejected with a reason — in that order only,
each step audited."""

import datetime as dt
from decimal import Decimal

import pytest

from audit.models import AuditEntry, Channel
from records.actions import Refused
from records.models import FundingSource
from records.testing import SAN_THANG, unit
from support.actions import do_accept, do_approve, do_pay, do_register_application, do_reject, do_update_application
from support.models import Status

pytestmark = pytest.mark.django_db
SYS = Channel.SYSTEM
D = dt.date(2023, 3, 1)


@pytest.fixture
def app(barn, lo_van_a):
    return do_register_application(user=None, channel=SYS, item=barn, beneficiary=lo_van_a, unit=unit(SAN_THANG),
                                   quantity=Decimal(100), registered_on=D)


def approve(app):
    return do_approve(app, user=None, channel=SYS, decision_number="15/QĐ-UBND", decided_on=D)


def accept(app, qty=100):
    return do_accept(app, user=None, channel=SYS, accepted_on=D, accepted_quantity=Decimal(qty))


def pay(app, amount=None):
    return do_pay(app, user=None, channel=SYS, paid_on=D, fund_source=FundingSource.PROVINCE, paid_amount=amount)


def test_the_steps_go_in_order_and_each_is_audited(app):
    app = pay(accept(approve(app)))
    assert app.status == Status.PAID and app.paid_amount == Decimal(50)
    rows = AuditEntry.objects.filter(object_type="support.application", object_id=app.pk).order_by("id")
    assert [r.reason for r in rows] == ["Đăng ký hồ sơ hỗ trợ", "Phê duyệt hỗ trợ (QĐ 15/QĐ-UBND)", "Nghiệm thu",
                                        "Chi trả hỗ trợ"]
    assert rows[0].action == "create" and rows[0].unit_code == SAN_THANG
    assert rows[3].old["status"] == "accepted" and rows[3].new["status"] == "paid"
    assert Decimal(rows[3].new["paid_amount"]) == 50  # audit.recording writes "5E+1" (see report)


def test_a_step_out_of_order_is_refused(app):
    with pytest.raises(Refused, match="chỉ nghiệm thu hồ sơ «Đã phê duyệt»"):
        accept(app)
    with pytest.raises(Refused, match="chỉ chi trả hồ sơ «Đã nghiệm thu»"):
        pay(approve(app))
    app = pay(accept(app))
    for step in (approve, accept, pay):
        with pytest.raises(Refused, match="Đã chi trả"):
            step(app)
    with pytest.raises(Refused, match="chỉ từ chối hồ sơ"):
        do_reject(app, user=None, channel=SYS, reason="Sai", rejected_on=D)


def test_a_rejection_needs_a_reason_and_ends_the_workflow(app):
    with pytest.raises(Refused, match="Cần ghi lý do"):
        do_reject(app, user=None, channel=SYS, reason="  ", rejected_on=D)
    app = do_reject(approve(app), user=None, channel=SYS, reason="Nghiệm thu không đạt: chuồng chưa hoàn thành",
                    rejected_on=D)
    assert app.status == Status.REJECTED and app.rejection_reason.startswith("Nghiệm thu không đạt")
    with pytest.raises(Refused):
        accept(app)
    assert AuditEntry.objects.filter(object_id=app.pk, reason__startswith="Không hỗ trợ: Nghiệm thu").exists()


def test_quantities_and_amounts_cannot_exceed_the_previous_step(app):
    with pytest.raises(Refused, match="lớn hơn khối lượng đăng ký"):
        do_approve(app, user=None, channel=SYS, decision_number="1", decided_on=D, approved_quantity=Decimal(120))
    app = do_approve(app, user=None, channel=SYS, decision_number="1", decided_on=D, approved_quantity=Decimal(80))
    with pytest.raises(Refused, match="vượt khối lượng được duyệt 80 m²"):
        accept(app, 90)
    app = accept(app, 80)
    with pytest.raises(Refused, match="vượt kinh phí được hỗ trợ sau nghiệm thu 40 triệu đồng"):
        pay(app, Decimal(41))


def test_only_a_registered_application_can_be_corrected(app):
    app = do_update_application(app, user=None, channel=SYS, quantity=Decimal(90))
    assert app.quantity == Decimal(90)
    assert AuditEntry.objects.filter(object_id=app.pk, action="update", reason="Sửa hồ sơ hỗ trợ").count() == 1
    do_update_application(app, user=None, channel=SYS, quantity=Decimal(90))  # nothing changed: no audit row
    assert AuditEntry.objects.filter(object_id=app.pk, action="update").count() == 1
    with pytest.raises(Refused, match="chỉ sửa được hồ sơ mới đăng ký"):
        do_update_application(approve(app), user=None, channel=SYS, quantity=Decimal(10))


def test_a_leader_cannot_approve(app, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_approve(app, user=cast.leader, channel=SYS, decision_number="1", decided_on=D)
    with pytest.raises(PermissionDenied):  # a commune officer registers but does not approve
        do_approve(app, user=cast.santhang, channel=SYS, decision_number="1", decided_on=D)
    assert do_approve(app, user=cast.city, channel=SYS, decision_number="1", decided_on=D).status == Status.APPROVED
