"""Allocated, disbursed and % of plan from the stored lines — seed 003: "đã giải ngân được
5.078 triệu đồng, đạt 84% KH" — through the engine (CAPITAL_* indicators) and the
capital figures the pages show."""

import datetime as dt
from decimal import Decimal

import pytest

from audit.models import AuditEntry, Channel
from bacthang.lib.numbers import format_percent
from capital import providers as figures
from capital.actions import do_delete, do_save_disbursement, do_save_plan_line
from capital.models import Disbursement, PlanLine, Project
from engine.rollup import Engine
from periods.models import Period
from records.actions import Refused
from records.testing import unit, value

pytestmark = pytest.mark.django_db
SYS = Channel.SYSTEM
DISPERSED, CENTRAL = "NTP_DTTS_DA1_DISPERSED_WATER", "NTP_DTTS_DA1_CENTRAL_WATER"


def pct(option, period="2022-2023", code="12"):
    return value("CAPITAL_DISBURSED_PCT", code, period, option)


def test_the_disbursement_rates_of_the_december_2023_report(demo_capital):
    assert value("CAPITAL_ALLOCATED", "12", "2022-2023", DISPERSED) == Decimal(6065)  # 2.120 + 3.945
    assert value("CAPITAL_DISBURSED", "12", "2022-2023", DISPERSED) == Decimal(5078)
    assert format_percent(pct(DISPERSED)) == "84%"  # 5.078 / 6.065 = 83,73%
    assert format_percent(pct(CENTRAL)) == "81%"  # 83.177 / 102.892 = 80,84%
    assert format_percent(pct("NTP_DTTS_DA2")) == "52%"  # "2021-2023", with nothing allocated in 2021
    assert format_percent(pct("RESETTLEMENT", "2023")) == "13%"  # 22.397 / 171.373
    assert value("CAPITAL_DISBURSED", "12", "2022-2023", "NTP_DTTS_DA3_SUB1") == Decimal(20836)  # 6.636 + 14.200
    assert value("CAPITAL_DISBURSED", "12", "2023", "NTP_DTTS_DA3_SUB1") == Decimal(14200)
    assert value("CAPITAL_DISBURSED", "12", "2023", "FOREST_SERVICES") == Decimal(480300)  # 460.627 + 19.673
    assert value("CAPITAL_DISBURSED", "02", "2021-2022", "HG_NQ05_GARDEN") == Decimal(66992)


def test_the_report_sentence_comes_out_of_the_stored_lines(demo_capital):
    plans = PlanLine.objects.filter(project__line_code=DISPERSED)
    disbs = Disbursement.objects.filter(project__line_code=DISPERSED)
    fig = figures.totals(plans, disbs, Period.objects.for_code("2022-2023"))
    assert fig.sentence == "đã giải ngân được 5.078 triệu đồng, đạt 84% KH"
    to_date = figures.totals(plans, disbs, None, as_of=dt.date(2024, 1, 31))
    assert to_date.sentence == "đã giải ngân được 5.078 triệu đồng, đạt 84% KH"


def test_a_new_disbursement_changes_the_rate(demo_capital):
    project = Project.objects.get(line_code=DISPERSED)
    entry = do_save_disbursement(user=None, channel=SYS, project=project, unit=unit("12"),
                                 disbursed_on=dt.date(2023, 12, 20), amount=Decimal(987))
    assert value("CAPITAL_DISBURSED", "12", "2022-2023", DISPERSED) == Decimal(6065)
    assert pct(DISPERSED) == Decimal(100)
    do_save_disbursement(entry, user=None, channel=SYS, project=project, unit=unit("12"),
                         disbursed_on=dt.date(2023, 12, 20), amount=Decimal(500))
    assert format_percent(pct(DISPERSED)) == "92%"  # 5.578 / 6.065
    do_delete(entry, user=None, channel=SYS, reason="Nhập nhầm")
    assert format_percent(pct(DISPERSED)) == "84%"
    actions = list(AuditEntry.objects.filter(object_type="capital.disbursement", object_id=entry.pk)
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]


def test_a_cumulative_figure_is_not_guessed_into_a_year(demo_capital):
    r = Engine().value("CAPITAL_DISBURSED", "12", "2023", DISPERSED)
    assert r.value is None and "Không tách được số liệu kỳ 2023" in r.notes[0]
    # the allocation of each year is known
    assert value("CAPITAL_ALLOCATED", "12", "2023", DISPERSED) == Decimal(3945)
    # a month has no plan line of its own
    assert value("CAPITAL_ALLOCATED", "12", "202312", DISPERSED) is None


def test_a_programme_includes_its_projects_and_a_district_is_not_guessed(demo_capital):
    lines = figures.by_line(PlanLine.objects.all(), Disbursement.objects.all(), Period.objects.for_code("2022-2023"))
    ntp = next(g for g in figures.by_programme(lines) if g.label.startswith("Chương trình MTQG"))
    # DA1 6.065 + 102.892, DA2 62.961, DA3 117.078 + 102.611
    assert ntp.allocated == Decimal(6065 + 102892 + 62961 + 117078 + 102611)
    assert ntp.disbursed == Decimal(5078 + 83177 + 32866 + 20836 + 686)
    lines_2023 = figures.by_line(PlanLine.objects.all(), Disbursement.objects.all(), Period.objects.for_code("2023"))
    ntp_2023 = next(g for g in figures.by_programme(lines_2023) if g.label.startswith("Chương trình MTQG"))
    assert ntp_2023.allocated == Decimal(3945 + 51573 + 36061 + 13750 + 72855)
    assert ntp_2023.disbursed is None  # the cumulative 2022-2023 figures cannot be split by year
    by_unit = {g.label: g for g in figures.by_unit(lines)}
    assert set(by_unit) == {"Tỉnh Lai Châu", "Tỉnh Hà Giang"}
    # the lines sit on the province: a district's figure is not counted from them
    assert value("CAPITAL_ALLOCATED", "12.105", "2022-2023", DISPERSED) is None


def test_amounts_must_be_valid(demo_capital):
    project = Project.objects.get(line_code=DISPERSED)
    with pytest.raises(Refused, match="không được âm"):
        do_save_plan_line(user=None, channel=SYS, project=project, unit=unit("12"), year=2024, amount=Decimal(-1))
    with pytest.raises(Refused, match="ngày đầu khoảng"):
        do_save_disbursement(user=None, channel=SYS, project=project, unit=unit("12"), amount=Decimal(1),
                             disbursed_on=dt.date(2023, 1, 1), disbursed_from=dt.date(2023, 2, 1))


def test_the_demo_loads_once(demo_capital):
    counts = (Project.objects.count(), PlanLine.objects.count(), Disbursement.objects.count(),
              AuditEntry.objects.count())
    from capital.demo import load_demo_capital

    load_demo_capital()
    assert (Project.objects.count(), PlanLine.objects.count(), Disbursement.objects.count(),
            AuditEntry.objects.count()) == counts
    assert counts[1:3] == (11, 12)
