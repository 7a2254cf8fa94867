"""Each report kind walked against its seed document: the share of the seed's figures
(``seeds/figures.csv``) the generated text states, and the share of the seed's sections it
has (``reports.seed_coverage``). The goal is 95% of the figures and every section; the
floors below are the levels reached so far (a regression guard, raised as reports
improve) — the measured values are printed, never assumed."""

import datetime as dt

import pytest

from reports.seed_coverage import measure
from reports.service import build_from_codes

pytestmark = pytest.mark.django_db
GOAL = 0.95
# (seed, kind, unit, period, programme, date, floor for figures, floor for sections)
CASES = [
    ("003", "monthly", "12", "202312", None, dt.date(2024, 1, 10), 0.93, 0.85),
    ("000", "review", "12.105", "2023", "05-NQ/TU", dt.date(2023, 7, 10), 0.78, 0.70),
    ("002", "plan", "12.105", "2023", "KH-2023-TPLC", dt.date(2023, 1, 10), 0.94, 0.65),
]


@pytest.fixture
def demo(db, settings):
    from demo.loading import load_demo

    settings.DEBUG = True
    load_demo(["12", "02"])


def test_each_report_states_its_seeds_figures_and_sections(demo, capsys):
    failures = []
    for seed, kind, unit, period, programme, date, figure_floor, section_floor in CASES:
        report = build_from_codes(kind, unit, period, programme, date=date)
        text = report.plain_text()
        cov = measure(seed, text, [b.text for b in report.blocks if b.level])
        with capsys.disabled():
            print(f"\n{kind}: {cov.summary()} — mục tiêu {GOAL:.0%} số liệu")
            for f in cov.missing_figures():
                print(f"    thiếu số liệu: {f['value']} {f['unit']} — {f['subject_vi']}")
            for title in cov.missing_sections():
                print(f"    thiếu mục: {title}")
        assert cov.figures and cov.sections, f"văn bản {seed} không có số liệu hay mục nào để so"
        if cov.figure_share < figure_floor:
            failures.append(f"{kind}: {cov.figure_share:.1%} số liệu < {figure_floor:.0%}")
        if cov.section_share < section_floor:
            failures.append(f"{kind}: {cov.section_share:.1%} mục < {section_floor:.0%}")
        assert "KH-2023-TPLC" not in text  # no internal code in the text
    assert failures == []


def test_the_measure_can_fail(db):
    """A text without the seed's figures states none of them (the measure is not vacuous)."""
    cov = measure("000", "Báo cáo không có số liệu nào: 1 ha.", [])
    assert cov.figure_share < 0.05 and cov.section_share < 0.2
    cov = measure("000", "tổng diện tích chè 963,45 ha; mắc ca 280,4 ha; tỷ lệ 34,1%", [])
    assert {f["value"] for f in cov.stated} >= {"963.45", "280.4", "34"}
