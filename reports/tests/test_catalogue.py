"""Every indicator and option the reports read is in the default catalogue (so a
renamed code fails here rather than turning a sentence into "chưa có số liệu")."""

from indicators.catalogue import DISAGGREGATIONS, INDICATORS
from reports.builders.items import indicator_refs
from reports.builders.monthly import SECTIONS as MONTHLY
from reports.builders.review import SECTIONS as REVIEW


def test_every_indicator_and_option_read_by_the_reports_is_in_the_catalogue():
    indicators = {i["code"]: i for i in INDICATORS}
    problems = []
    for sections in (MONTHLY, REVIEW):
        for title, code, option in indicator_refs(sections):
            ind = indicators.get(code)
            if ind is None:
                problems.append(f"{title}: {code}")
                continue
            if option:
                options = {o[0] for o in DISAGGREGATIONS.get(ind["disaggregation"], ("", []))[1]}
                if option not in options:
                    problems.append(f"{title}: {code} [{option}]")
    assert not problems, problems


def test_the_monthly_report_reads_the_indicators_of_seed_003():
    codes = {code for _, code, _ in indicator_refs(MONTHLY)}
    for code in ["HERD", "POULTRY", "MEAT_PRODUCTION", "AQUA_PRODUCTION", "DISEASE_OUTBREAKS", "ANIMALS_CULLED",
                 "VACCINATION_UNITS_COMPLETED", "CERTIFIED_AREA", "HIGH_TECH_AREA", "TEA_SOLD", "FOREST_VIOLATIONS",
                 "FOREST_SERVICE_REVENUE", "OCOP_PRODUCTS", "COOPERATIVES", "FARMS", "TRAINING_CLASSES", "TRAINEES",
                 "CAPITAL_ALLOCATED", "CAPITAL_DISBURSED", "CAPITAL_DISBURSED_PCT"]:
        assert code in codes, code
