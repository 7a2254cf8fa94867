from decimal import Decimal

import pytest

from audit.models import AuditEntry, ImmutableError
from datavalues.models import DataValue
from datavalues.writing import FigureChange, WriteRefused, do_set_values
from indicators.models import Indicator
from periods.models import Period
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def herd():
    ind = Indicator.objects.get(code="HERD")
    return ind, ind.option_for("PIG"), Unit.objects.get(code="12"), Period.objects.for_code("202312")


def test_create_update_delete_are_each_audited(herd, admin_user_demo):
    ind, pig, unit, period = herd
    do_set_values([FigureChange(ind, pig, unit, period, Decimal("235000"))], user=admin_user_demo, channel="form")
    do_set_values([FigureChange(ind, pig, unit, period, Decimal("236000"), comment="ước")],
                  user=admin_user_demo, channel="form")
    s = do_set_values([FigureChange(ind, pig, unit, period, None)], user=admin_user_demo, channel="api")
    assert s.deleted == 1 and not DataValue.objects.exists()
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "username", "channel"))
    assert entries == [("create", "tester", "form"), ("update", "tester", "form"), ("delete", "tester", "api")]
    update = AuditEntry.objects.get(action="update")
    assert (update.old["value"], update.new["value"], update.new["comment"]) == ("235000", "236000", "ước")
    delete = AuditEntry.objects.get(action="delete")
    assert delete.old["value"] == "236000" and delete.new is None


def test_a_stale_version_is_refused_and_shows_the_current_value(herd):
    ind, pig, unit, period = herd
    do_set_values([FigureChange(ind, pig, unit, period, Decimal("235000"))], channel="form")
    do_set_values([FigureChange(ind, pig, unit, period, Decimal("236000"), expected_version=1)], channel="form")
    with pytest.raises(WriteRefused) as e:
        do_set_values([FigureChange(ind, pig, unit, period, Decimal("237000"), expected_version=1)], channel="form")
    assert "236.000" in str(e.value)
    assert DataValue.objects.get().value == Decimal("236000")


def test_a_batch_with_one_bad_change_writes_nothing(herd):
    ind, pig, unit, period = herd
    cattle = ind.option_for("CATTLE")
    with pytest.raises(WriteRefused):
        do_set_values([FigureChange(ind, pig, unit, period, Decimal("1")),
                       FigureChange(ind, cattle, unit, period, Decimal("-1"))], channel="form")
    assert not DataValue.objects.exists() and not AuditEntry.objects.exists()


def test_the_audit_trail_cannot_be_edited_or_deleted(herd):
    ind, pig, unit, period = herd
    do_set_values([FigureChange(ind, pig, unit, period, Decimal("1"))], channel="form")
    entry = AuditEntry.objects.get()
    entry.reason = "changed"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.all().delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.update(reason="x")


# One precision rule in the one write path: a value is stored exactly as given or refused,
# so the audit row always records what was stored.

def test_a_value_with_more_decimals_than_the_store_holds_is_refused_by_every_channel(herd, tmp_path):
    from bacthang.lib.importing import ImportFailed
    from datavalues.importing import import_values

    ind, pig, unit, period = herd
    with pytest.raises(WriteRefused) as e:
        do_set_values([FigureChange(ind, pig, unit, period, Decimal("1.1234567"))], channel="form")
    assert "Giá trị 1,1234567 có quá 6 chữ số thập phân" in str(e.value)
    path = tmp_path / "v.csv"
    path.write_text("indicator,option,unit,period,value\nHERD,PIG,12,202312,\"1,1234567\"\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as e:
        import_values(str(path))
    assert "Dòng 2" in str(e.value) and "quá 6 chữ số thập phân" in str(e.value)
    assert not DataValue.objects.exists() and not AuditEntry.objects.exists()


def test_a_value_with_six_decimals_is_stored_and_audited_exactly(herd):
    ind, pig, unit, period = herd
    do_set_values([FigureChange(ind, pig, unit, period, Decimal("1.123456"))], channel="form")
    stored = DataValue.objects.get()
    assert stored.value == Decimal("1.123456")
    assert Decimal(AuditEntry.objects.get().new["value"]) == stored.value
