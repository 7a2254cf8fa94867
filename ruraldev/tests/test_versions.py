"""A set in use is never edited in place: an edit makes a new version; old evaluations keep theirs."""

from decimal import Decimal

import pytest

from ruraldev.actions import do_copy_set, do_revise, do_save_results, do_start_evaluation
from ruraldev.evaluation import build_sheet
from ruraldev.models import CriteriaSet, Evaluation, SetInUse, Threshold

from .conftest import SAN_THANG, SUNG_PHAI, indicator, unit

pytestmark = pytest.mark.django_db


def test_a_threshold_edit_on_a_set_in_use_makes_a_new_version_and_leaves_old_evaluations(basic):
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    i51 = indicator(basic, "5.1")
    do_save_results(ev, {i51.pk: {"number": "80"}})
    old = i51.thresholds.get()
    old_value = old.value

    new = do_revise(old, {"value": Decimal("85"), "is_placeholder": False})

    v2 = new.owning_set()
    assert v2.pk != basic.pk and v2.code == basic.code and v2.version == basic.version + 1
    assert v2.based_on_id == basic.pk and v2.criteria.count() == 19
    assert new.value == Decimal("85") and not new.is_placeholder
    old.refresh_from_db()
    assert old.value == old_value and old.is_placeholder  # the version in use is untouched
    ev.refresh_from_db()
    assert ev.criteria_set_id == basic.pk
    row = build_sheet(ev).criteria[4].indicators[0]
    assert row.threshold.pk == old.pk and row.value == Decimal("80")
    # An evaluation made afterwards can use the new version, which nobody used yet: it changes in place.
    ev2 = do_start_evaluation(unit(SAN_THANG), 2023, v2)
    assert build_sheet(ev2).criteria[4].indicators[0].threshold.value == Decimal("85")


def test_saving_or_deleting_rows_of_a_set_in_use_is_refused(basic):
    do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    t = Threshold.objects.filter(indicator__criterion__criteria_set=basic).first()
    t.value = Decimal("1")
    with pytest.raises(SetInUse):
        t.save()
    with pytest.raises(SetInUse):
        t.delete()
    crit = basic.criteria.get(number=1)
    crit.name = "Khác"
    with pytest.raises(SetInUse):
        crit.save()
    basic.refresh_from_db()
    basic.region = "Đồng bằng sông Hồng"
    with pytest.raises(SetInUse):
        basic.save()
    # Closing a set that was replaced is not a change of its content.
    basic.refresh_from_db()
    basic.note = "Được thay thế"
    basic.save()


def test_a_province_copy_is_its_own_set(basic):
    province = unit("12")
    copy = do_copy_set(basic, code="318-2022-XA-12", name="Bộ tiêu chí xã NTM tỉnh Lai Châu", province=province)
    assert copy.version == 1 and copy.province == province and copy.based_on == basic
    assert Threshold.objects.filter(indicator__criterion__criteria_set=copy).count() == \
        Threshold.objects.filter(indicator__criterion__criteria_set=basic).count()


def test_the_admin_saves_an_edit_of_a_set_in_use_on_a_new_version(basic, client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "", "pw")
    client.force_login(admin)
    do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    t = indicator(basic, "5.1").thresholds.get()
    response = client.post(f"/admin/ruraldev/threshold/{t.pk}/change/", {
        "indicator": t.indicator_id, "group": "", "comparison": ">=", "value": "75", "accepted": "[]",
        "note": "Tỉnh xác nhận",
    })
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.value == Decimal("70") and t.is_placeholder
    latest = CriteriaSet.objects.filter(code=basic.code).order_by("-version").first()
    assert latest.version == 2
    moved = Threshold.objects.get(indicator__criterion__criteria_set=latest, indicator__code="5.1")
    assert moved.value == Decimal("75") and moved.note == "Tỉnh xác nhận" and not moved.is_placeholder
    assert Evaluation.objects.get().criteria_set_id == basic.pk


def test_a_province_officer_copies_a_national_set_and_adjusts_its_thresholds(basic, cast, client):
    cast.province.is_staff = True
    cast.province.save()
    client.force_login(cast.province)
    r = client.post("/admin/ruraldev/criteriaset/", {"action": "copy_sets", "_selected_action": [basic.pk]})
    assert r.status_code == 302
    own = CriteriaSet.objects.get(code="318-2022-XA-12")
    assert own.province.code == "12" and own.based_on == basic
    national = indicator(basic, "5.1").thresholds.get()
    assert client.get(f"/admin/ruraldev/threshold/{national.pk}/change/").status_code == 200  # read only
    form = {"indicator": national.indicator_id, "group": "", "comparison": ">=", "value": "60", "accepted": "[]",
            "note": ""}
    assert client.post(f"/admin/ruraldev/threshold/{national.pk}/change/", form).status_code == 403
    national.refresh_from_db()
    assert national.value == Decimal("70")
    mine = indicator(own, "5.1").thresholds.get()
    r = client.post(f"/admin/ruraldev/threshold/{mine.pk}/change/", {**form, "indicator": mine.indicator_id})
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.value == Decimal("60") and not mine.is_placeholder
