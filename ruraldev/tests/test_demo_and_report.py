"""The demo holds the 2023 evaluations the seeds state, and the review report's sentence
about them is generated from the evaluations through the engine."""

import datetime as dt

import pytest

from demo.loading import load_demo
from engine.rollup import Engine
from periods.models import Period
from programmes.models import Programme
from reports.builders.review import ReviewBuilder
from ruraldev.evaluation import build_sheet
from ruraldev.models import Evaluation, Workflow
from units.models import Unit

from .conftest import CITY, SAN_THANG, SUNG_PHAI

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    return load_demo(["12", "02"])


def review_text():
    return ReviewBuilder(Unit.objects.get(code=CITY), Period.objects.for_code("2023"),
                         Programme.objects.get(code="05-NQ/TU"), date=dt.date(2023, 7, 10)).build().plain_text()


def test_the_demo_holds_the_seed_evaluations(demo):
    st = Evaluation.objects.get(unit__code=SAN_THANG, year=2023)
    sp = Evaluation.objects.get(unit__code=SUNG_PHAI, year=2023)
    assert st.criteria_set.code == "318-2022-XA-NC" and sp.criteria_set.code == "318-2022-XA"
    assert build_sheet(st).count_text == "10/19" and build_sheet(sp).count_text == "11/19"
    assert st.status == sp.status == Workflow.APPROVED
    assert "chỉ nêu" in st.note  # says which part is illustration
    e = Engine()
    # The figure the seed map stores as reported is now derived from the evaluation; they agree.
    r = e.value("NTM_CRITERIA_MET", SAN_THANG, "2023", "ADVANCED")
    assert r.value == 10 and r.rule == "registry" and r.discrepancies == []
    assert e.value("NTM_CRITERIA_TOTAL", SAN_THANG, "2023", "ADVANCED").value == 19
    assert e.value("NTM_CRITERIA_MET", SUNG_PHAI, "2023", "BASIC").value == 11
    assert e.value("NTM_AVG_CRITERIA_MET", CITY, "2023", "BASIC").value == 11
    assert e.value("NTM_COMMUNES_CRITERION_MET", CITY, "2023", "C01").value == 1
    assert e.value("NTM_COMMUNES_CRITERION_MET", CITY, "2023", "C02").value == 0


def test_the_review_report_states_the_criteria_from_the_evaluations(demo):
    from ruraldev.actions import do_reopen, do_save_results
    from ruraldev.models import CriterionIndicator

    text = review_text()
    assert "xã San Thàng hoàn thành 10/19 tiêu chí nông thôn mới nâng cao" in text
    assert "xã Sùng Phài hoàn thành 11/19 tiêu chí nông thôn mới" in text
    # Change the evaluation: the sentence follows.
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("qt", "", "pw")
    st = Evaluation.objects.get(unit__code=SAN_THANG, year=2023)
    do_reopen(st, "Rà soát lại", user=admin)
    ind = CriterionIndicator.objects.filter(criterion__criteria_set=st.criteria_set, criterion__number=5).first()
    do_save_results(st, {ind.pk: {"status": "dat"}}, user=admin)
    from ruraldev.actions import do_approve, do_submit

    do_submit(st, user=admin)
    do_approve(st, user=admin)
    assert "xã San Thàng hoàn thành 11/19 tiêu chí nông thôn mới nâng cao" in review_text()


def test_loading_the_demo_again_changes_nothing(demo, settings):
    from audit.models import AuditEntry

    before = AuditEntry.objects.filter(object_type__startswith="ruraldev.").count()
    load_demo(["12", "02"])
    assert AuditEntry.objects.filter(object_type__startswith="ruraldev.").count() == before
