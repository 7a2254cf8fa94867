"""The demo support records: the seed's totals, stored once (idempotent)."""

from decimal import Decimal

import pytest

from audit.models import AuditEntry
from engine.rollup import Engine
from records.testing import value
from support.demo import load_demo_support
from support.models import Application, Beneficiary, RegisterScope, Status, SupportSummary

pytestmark = pytest.mark.django_db


def test_the_15_approved_supports_add_up_to_the_seed_and_loading_twice_changes_nothing():
    load_demo_support()
    counts = (Application.objects.count(), Beneficiary.objects.count(), SupportSummary.objects.count(),
              RegisterScope.objects.count(), AuditEntry.objects.count())
    load_demo_support()
    assert (Application.objects.count(), Beneficiary.objects.count(), SupportSummary.objects.count(),
            RegisterScope.objects.count(), AuditEntry.objects.count()) == counts
    assert counts[0] == 15 and Beneficiary.objects.filter(is_placeholder=True).count() == 15
    assert set(Application.objects.values_list("status", flat=True)) == {Status.APPROVED}
    # seed 000: chuồng trại 2.083,5 m²; trồng cỏ 02 ha; hầm biogas 269 m³; 200 thùng ong; 15 tổ chức, cá nhân
    for item, total in (("BARN_M2", "2083.5"), ("GRASS_HA", "2"), ("BIOGAS_M3", "269"), ("BEEHIVE", "200")):
        assert value("SUPPORT_APPROVED_QUANTITY", "12.105", "2022", item) == Decimal(total)
    assert value("SUPPORT_BENEFICIARIES", "12.105", "2022", "LC_NQ07_SUPPORT") == 15
    # seed 004: 1.032 hộ (2021), 1.242 hộ (2022), 167 hộ vay vốn: 2.441 hộ thụ hưởng
    assert value("SUPPORT_BENEFICIARIES", "02", "2021", "HG_NQ05_GARDEN") == 1032
    assert value("SUPPORT_BENEFICIARIES", "02", "2022", "HG_NQ05_GARDEN") == 1242
    assert value("SUPPORT_BENEFICIARIES", "02", "2021-2022", "HG_NQ04_CAM_SANH") == 167
    assert value("SUPPORT_BENEFICIARIES", "02", "2021-2022") == 2441


def test_stored_seed_values_stay_and_are_checked_against_the_records(put_value):
    messages = []
    put_value("SUPPORT_APPROVED_QUANTITY", "BARN_M2", "12.105", "2022", "2000")  # a figure that differs
    put_value("SUPPORT_APPROVED_QUANTITY", "GRASS_HA", "12.105", "2022", "2")
    load_demo_support(progress=messages.append)
    assert RegisterScope.objects.filter(unit__code="12.105").exists()
    assert any("SUPPORT_APPROVED_QUANTITY từ nay tính từ hồ sơ" in m for m in messages)
    r = Engine().value("SUPPORT_APPROVED_QUANTITY", "12.105", "2022", "BARN_M2")
    assert (r.value, r.rule) == (Decimal("2083.5"), "registry")
    assert r.discrepancies[0].other == Decimal(2000)
    assert Engine().value("SUPPORT_APPROVED_QUANTITY", "12.105", "2022", "GRASS_HA").discrepancies == []
    # the unchanged stored figures are accepted again (as load_demo writes them before the loaders)
    put_value("SUPPORT_APPROVED_QUANTITY", "BARN_M2", "12.105", "2022", "2000")
    load_demo_support()
