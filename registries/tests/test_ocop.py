import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry, Channel
from registries import actions
from registries.models import EvaluationResult, OcopStatus
from registries.providers import ocop_certificates
from registries.rules import add_months, ocop_valid_until, ocop_workflow, stars_for_score
from units.models import Level

from .conftest import CITY, NEW_TAN_PHONG, SAN_THANG, ocop, unit

pytestmark = pytest.mark.django_db


def test_an_ocop_certificate_dated_10_07_2023_expires_on_10_07_2026():
    assert ocop_valid_until(dt.date(2023, 7, 10)) == dt.date(2026, 7, 10)
    product = ocop(CITY, "Bưởi da xanh", dt.date(2023, 7, 10), stars=3)
    assert product.valid_until == dt.date(2026, 7, 10)
    assert product.evaluations.get().valid_until == dt.date(2026, 7, 10)


def test_a_certificate_counts_on_its_last_day_and_not_the_day_after():
    ocop(CITY, "Ổi không hạt", dt.date(2023, 7, 10), stars=3)
    city = unit(CITY)
    assert len(ocop_certificates(city, dt.date(2023, 7, 9))) == 0
    assert len(ocop_certificates(city, dt.date(2026, 7, 10))) == 1
    assert len(ocop_certificates(city, dt.date(2026, 7, 11))) == 0


def test_a_month_without_the_day_ends_on_its_last_day():
    assert add_months(dt.date(2024, 2, 29), 36) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)


def test_stars_follow_the_score_bands():
    assert [stars_for_score(s) for s in (29, 30, 49.99, 50, 69, 70, 89, 90, 100)] == [1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_a_score_that_contradicts_the_stars_is_refused():
    product = ocop(CITY, "Chè Shan tuyết")
    with pytest.raises(ValidationError) as e:
        actions.do_record_ocop_certificate(product, decision_date=dt.date(2023, 5, 1), stars=4, score=Decimal(62),
                                           channel=Channel.SYSTEM)
    assert "62 điểm tương ứng 3 sao" in str(e.value)
    assert not product.evaluations.exists()


def test_the_district_proposes_before_6_july_2025_and_the_commune_from_that_day():
    before, after = ocop_workflow(dt.date(2025, 7, 5)), ocop_workflow(dt.date(2025, 7, 6))
    assert (before.proposer_level, before.evaluator) == (Level.DISTRICT, "tinh")
    assert (after.proposer_level, after.evaluator) == (Level.COMMUNE, "tinh")
    assert ocop_workflow(dt.date(2019, 1, 1)) == before and ocop_workflow(dt.date(2030, 1, 1)) == after


def test_a_proposal_by_the_wrong_level_is_refused():
    product = ocop(SAN_THANG, "Hoa hồng San Thàng")
    with pytest.raises(ValidationError) as e:
        actions.do_propose_ocop(product, proposed_on=dt.date(2025, 8, 1), proposer=unit(CITY), channel=Channel.SYSTEM)
    assert "cấp xã" in str(e.value)
    with pytest.raises(ValidationError):
        actions.do_propose_ocop(product, proposed_on=dt.date(2024, 8, 1), proposer=unit(SAN_THANG),
                                channel=Channel.SYSTEM)
    assert not product.evaluations.exists()


def test_the_default_proposer_follows_the_rule_and_the_reform():
    product = ocop(SAN_THANG, "Gạo tẻ râu")
    proposal = actions.do_propose_ocop(product, proposed_on=dt.date(2024, 3, 1), channel=Channel.SYSTEM)
    assert proposal.proposer.code == CITY and proposal.workflow == "huyen_de_xuat"
    actions.do_evaluate_ocop(proposal, evaluated_on=dt.date(2024, 5, 1), score=45, channel=Channel.SYSTEM)
    # After the reform San Thàng is part of the new Phường Tân Phong, which proposes.
    again = actions.do_propose_ocop(product, proposed_on=dt.date(2025, 9, 1), channel=Channel.SYSTEM)
    assert again.proposer.code == NEW_TAN_PHONG and again.workflow == "xa_de_xuat"


def test_an_evaluation_follows_the_rule_in_force_on_its_date():
    product = ocop(CITY, "Trà hoa vàng")
    proposal = actions.do_propose_ocop(product, proposed_on=dt.date(2025, 6, 20), channel=Channel.SYSTEM)
    assert proposal.workflow == "huyen_de_xuat"
    product.refresh_from_db()
    assert product.status == OcopStatus.PROPOSED
    actions.do_evaluate_ocop(proposal, evaluated_on=dt.date(2025, 7, 10), score=Decimal("72.5"),
                             decision_no="999/QĐ-UBND", decision_date=dt.date(2025, 7, 20), channel=Channel.SYSTEM)
    proposal.refresh_from_db()
    product.refresh_from_db()
    assert (proposal.workflow, proposal.result, proposal.stars) == ("xa_de_xuat", EvaluationResult.CERTIFIED, 4)
    assert proposal.decision_level == "tinh"
    assert (product.stars, product.valid_until, product.status) == (4, dt.date(2028, 7, 20), OcopStatus.CERTIFIED)
    assert AuditEntry.objects.filter(object_type="registries.ocopevaluation", object_id=proposal.pk).count() == 2


def test_five_stars_are_recognised_at_central_level():
    product = ocop(CITY, "Chè Tả Lèng")
    proposal = actions.do_propose_ocop(product, proposed_on=dt.date(2024, 1, 10), channel=Channel.SYSTEM)
    with pytest.raises(ValidationError):
        actions.do_evaluate_ocop(proposal, evaluated_on=dt.date(2024, 3, 1), score=92,
                                 decision_date=dt.date(2024, 4, 1), decision_level="tinh", channel=Channel.SYSTEM)
    ev = actions.do_evaluate_ocop(proposal, evaluated_on=dt.date(2024, 3, 1), score=92,
                                  decision_date=dt.date(2024, 4, 1), channel=Channel.SYSTEM)
    assert (ev.stars, ev.decision_level) == (5, "trung_uong")


def test_recording_the_same_certificate_twice_changes_nothing():
    product = ocop(CITY, "Mật ong bạc hà", dt.date(2022, 12, 15), stars=3)
    before = AuditEntry.objects.count()
    _, created = actions.do_record_ocop_certificate(product, decision_date=dt.date(2022, 12, 15), stars=3,
                                                    channel=Channel.SYSTEM)
    assert not created and AuditEntry.objects.count() == before
