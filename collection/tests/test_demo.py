"""The demo: forms that collect every figure of seeds 000 and 003, the December 2023
reports of Lai Châu through the import path, and the gaps the progress page shows."""

import datetime as dt

import pytest

from audit.models import AuditEntry
from datavalues.writing import do_set_values
from demo.loading import build_changes, load_programmes, read_figures, read_seed_map
from periods.codes import parse_period
from programmes.writing import do_set_targets
from units.models import Unit

from ..completeness import completeness
from ..demo import DEMO_SEEDS, load_demo_collection
from ..layout import FormLayout
from ..models import ReportForm, Status, Submission, SubmissionEvent
from ..report import validation_report
from .conftest import p, u

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The seed values and targets as load_demo stores them, then the collection loader."""
    programmes = load_programmes()
    figures = {f.row: f for f in read_figures()}
    values, targets = build_changes(figures, read_seed_map())
    do_set_values(values, channel="demo")
    for code, changes in targets.items():
        do_set_targets(programmes[code], changes, channel="demo")
    load_demo_collection()


def test_the_demo_forms_collect_every_stored_figure_of_seeds_000_and_003(demo):
    seeds = {f.row: f.seed for f in read_figures()}
    layouts = [(f, FormLayout(f)) for f in ReportForm.objects.select_related("root_unit")]
    units = {x.code: x for x in Unit.objects.filter(code__startswith="12")}
    missing = []
    checked = 0
    for e in read_seed_map():
        if e.store != "value" or seeds[e.row] not in DEMO_SEEDS:
            continue
        for period in e.periods:
            unit, ptype = units[e.unit], parse_period(period).period_type
            key = (e.indicator, e.option or None)
            checked += 1
            if not any(f.period_type == ptype and f.applies_to(unit) and key in layout.by_key
                       for f, layout in layouts):
                missing.append((e.row, key, e.unit, period))
    assert checked > 150 and missing == []


def test_december_2023_shows_a_gap_a_late_commune_and_every_district(demo):
    xa, huyen, tinh = (ReportForm.objects.get(code=c) for c in ("BC_THANG_XA", "BC_THANG_HUYEN", "BC_THANG_TINH"))
    period = p("202312")
    city = completeness(xa, period, u("12.105"), today=dt.date(2024, 1, 5))
    assert city.overall.sentence == "6/7 xã, phường, thị trấn đã hoàn thành (1 nộp muộn)"
    assert [r.unit.name for r in city.overall.rows if not r.done] == ["Phường Đoàn Kết"]
    districts = completeness(huyen, period, u("12"), today=dt.date(2024, 1, 5))
    assert districts.overall.sentence == "8/8 huyện, thành phố đã hoàn thành"
    assert Submission.objects.get(form=tinh, period=period).status == Status.APPROVED
    # The province's report went through the import path and its seed values are intact.
    assert SubmissionEvent.objects.filter(submission__form=tinh, action="submit").count() == 1
    assert not AuditEntry.objects.filter(channel="import").exists()


def test_the_validation_report_surfaces_the_seed_conflicts_within_the_demo(demo):
    year = validation_report(u("12"), p("2023"))
    messages = [v.message for v in year.by_kind["conflict"]]
    assert any("940 ha" in m and "950 ha" in m for m in messages), messages  # seed 000 vs seed 002
    assert any("Năm 2023 ghi 21 HTX" in m and "22 HTX" in m for m in messages), messages  # seed 000 vs 003
    assert year.errors == []
    december = validation_report(u("12"), p("202312"))
    assert december.errors == []
    ha_giang = validation_report(u("02"), p("2021-2022"))
    texts = " ".join(v.message for v in ha_giang.violations)
    assert "2.326" in texts and "2.274" in texts  # 1.032 + 1.242 households ≠ 2.326 (seed 004)
    assert "11,178 không được nhỏ hơn 100" in texts  # 2,6 ha for 2.326 households


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (AuditEntry.objects.count(), SubmissionEvent.objects.count(),
              list(ReportForm.objects.values_list("code", "version")))
    load_demo_collection()
    after = (AuditEntry.objects.count(), SubmissionEvent.objects.count(),
             list(ReportForm.objects.values_list("code", "version")))
    assert after == before
