"""``validate`` flags the five inconsistencies of the seed documents (../shared/seeds/
consistency.md, "Summary of relations that do NOT hold") on the demo data, each message
naming both figures."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from audit.models import AuditEntry, Channel
from collection.rules import Catalogue
from datavalues.writing import FigureChange, do_set_values
from engine.rollup import Engine
from indicators.models import Indicator
from notes.actions import NoteRefused, do_save_statement
from notes.checking import check_statement
from notes.models import Statement
from periods.models import Period
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, settings):
    from demo.loading import load_demo

    settings.DEBUG = True
    load_demo(["12", "02"])


def validate(unit, period) -> list[str]:
    out = io.StringIO()
    call_command("validate", unit=unit, period=period, stdout=out)
    return out.getvalue().splitlines()


def one(lines, *words) -> str:
    found = [line for line in lines if all(w in line for w in words)]
    assert len(found) >= 1, f"không thấy dòng có {words}"
    return found[0]


def test_validate_flags_all_five_inconsistencies_of_the_seeds_naming_both_figures(demo):
    city = validate("12", "2023")
    hagiang = validate("02", "2021-2022")
    # 000: the flower area written under two labels (flowers only; flowers and vegetables).
    flowers = one(city, "hoa, rau tập trung")
    assert "78,65 ha" in flowers and "30 ha" in flowers and "108,65 ha" in flowers
    # 004: income per ha after the resolution, 82 and 39,7 triệu đồng/ha, "gấp 2,2 lần".
    income = one(hagiang, "Cam Sành", "gấp 2,2 lần")
    assert "82 triệu đồng/ha" in income and "39,7 triệu đồng/ha" in income and "4,6 lần" in income
    # 004: 1.032 + 1.242 = 2.274 households vs 2.326.
    assert "2.326" in one(hagiang, "2.274")
    # 000 vs 002: tea in business 940 ha vs 950 ha.
    assert "950 ha" in one(city, "940 ha", "Chè")
    # 000 vs 003: 21 vs 22 cooperatives.
    assert "22 HTX" in one(city, "21 HTX")


def put(*rows):
    changes = []
    for code, option, unit, period, value in rows:
        ind = Indicator.objects.get(code=code)
        changes.append(FigureChange(ind, ind.option_for(option), Unit.objects.get(code=unit),
                                    Period.objects.for_code(period), Decimal(str(value)), source="kiểm thử"))
    do_set_values(changes, channel="system")


def statement(**kw):
    defaults = dict(unit=Unit.objects.get(code="12.105"), period=Period.objects.for_code("2023"),
                    label="Tổng diện tích vùng trồng hoa, rau tập trung", left="CROP_AREA.FLOWER + CROP_AREA.VEGETABLE",
                    value=Decimal("78.65"), measure="ha", decimals=2)
    return Statement(**{**defaults, **kw})


def test_a_statement_the_stored_figures_give_is_not_flagged_and_one_they_do_not_give_is(db):
    put(("CROP_AREA", "FLOWER", "12.105", "2023", "48.65"), ("CROP_AREA", "VEGETABLE", "12.105", "2023", "30"))
    assert check_statement(statement(), Catalogue(), Engine()) is None  # 48,65 + 30 = 78,65
    v = check_statement(statement(value=Decimal("80")), Catalogue(), Engine())
    assert v is not None and "văn bản ghi 80 ha" in v.message and "= 78,65 ha" in v.message


def test_a_statement_with_nothing_stored_is_not_checked(db):
    assert check_statement(statement(), Catalogue(), Engine()) is None


def test_a_multiple_is_checked_against_both_figures(db):
    put(("INCOME_PER_HA", "CAM_SANH", "02", "2020", "18"), ("INCOME_PER_HA", "CAM_SANH", "02", "2021-2022", "40"))
    s = statement(unit=Unit.objects.get(code="02"), period=Period.objects.for_code("2021-2022"), label="Thu nhập",
                  left="INCOME_PER_HA.CAM_SANH", value=None, base="INCOME_PER_HA.CAM_SANH",
                  base_period=Period.objects.for_code("2020"), multiple=Decimal("2.2"), measure="triệu đồng/ha")
    assert check_statement(s, Catalogue(), Engine()) is None  # 40 / 18 = 2,2
    s.multiple = Decimal("3")
    v = check_statement(s, Catalogue(), Engine())
    assert v is not None and "40 : 18 = 2 lần" in v.message  # rounded as the document writes the multiple


def test_statements_are_saved_through_the_audited_write_path(db):
    s = do_save_statement(statement(), channel=Channel.SYSTEM)
    assert AuditEntry.objects.filter(object_type="notes.statement", object_id=s.pk).count() == 1
    with pytest.raises(NoteRefused):
        do_save_statement(statement(left="NO_SUCH_INDICATOR + 1"), channel=Channel.SYSTEM)
