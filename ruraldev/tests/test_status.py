"""A criterion's status follows its indicators; thresholds decide only when confirmed; the
count is computed."""

from decimal import Decimal

import pytest

from ruraldev.actions import Refused, do_revise, do_save_results, do_start_evaluation
from ruraldev.evaluation import build_sheet
from ruraldev.models import Status

from .conftest import SUNG_PHAI, indicator, unit

pytestmark = pytest.mark.django_db


def status_of(ev, number):
    return build_sheet(ev).status_of(number)


def test_the_shipped_sets_have_19_criteria_and_state_their_source(sets):
    for code in ("318-2022-XA", "318-2022-XA-NC"):
        s = sets[code]
        assert [c.number for c in s.criteria.all()] == list(range(1, 20))
        assert "318/QĐ-TTg" in s.source and "Trung du và miền núi phía Bắc" in s.region
        assert s.criteria.get(number=10).name == "Thu nhập"
    new = sets["51-2025-XA"]
    assert new.criteria.count() == 10 and str(new.in_force_from) == "2026-02-15"
    assert [g[0] for g in new.groups] == ["1", "2", "3"]
    # Every threshold not confirmed against the decision is marked as such.
    assert sets["318-2022-XA"].placeholder_count > 0 and new.placeholder_count == 10


def test_a_criterion_is_met_when_every_indicator_is_met(basic):
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    i11, i12 = indicator(basic, "1.1"), indicator(basic, "1.2")
    assert status_of(ev, 1) == Status.UNKNOWN
    do_save_results(ev, {i11.pk: {"yes": True}})
    assert status_of(ev, 1) == Status.UNKNOWN  # 1.2 not evaluated yet
    do_save_results(ev, {i12.pk: {"yes": True}})
    assert status_of(ev, 1) == Status.MET
    assert build_sheet(ev).count_text == "1/19"
    do_save_results(ev, {i12.pk: {"yes": False}})
    assert status_of(ev, 1) == Status.NOT_MET
    assert build_sheet(ev).count_text == "0/19"


def test_a_placeholder_threshold_never_decides_a_status(basic):
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    i51 = indicator(basic, "5.1")
    t = i51.thresholds.get()
    assert t.is_placeholder
    do_save_results(ev, {i51.pk: {"number": "20"}})
    assert status_of(ev, 5) == Status.UNKNOWN  # 20% against a placeholder ≥ 70%: the officer judges
    do_save_results(ev, {i51.pk: {"status": Status.MET}})
    assert status_of(ev, 5) == Status.MET


def test_a_confirmed_threshold_decides_from_the_value(sets):
    s = sets["318-2022-XA"]
    i51 = indicator(s, "5.1")
    do_revise(i51.thresholds.get(), {"is_placeholder": False, "value": Decimal("70")})  # set not in use: in place
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, s)
    do_save_results(ev, {i51.pk: {"number": "69,5", "status": Status.MET}})
    assert status_of(ev, 5) == Status.NOT_MET  # the value decides, not the officer
    do_save_results(ev, {i51.pk: {"number": "70"}})
    assert status_of(ev, 5) == Status.MET


def test_a_typed_value_for_an_indicator_of_the_catalogue_is_refused(basic):
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    income = indicator(basic, "10.1")
    with pytest.raises(Refused) as e:
        do_save_results(ev, {income.pk: {"number": "50"}})
    assert "chỉ được ghi chú" in e.value.messages[0]
    do_save_results(ev, {income.pk: {"note": "Theo điều tra hộ"}})
    row = build_sheet(ev).criteria[9].indicators[0]
    assert row.result.note == "Theo điều tra hộ" and row.result.number is None
