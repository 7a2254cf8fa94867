"""The "Chỉ tiêu khác" section: an indicator of the unit's catalogue with a value for the
report's unit and period that no other section states gets one sentence — so an
indicator added in the admin (a province's own one included) reaches the reports."""

import datetime as dt
from decimal import Decimal

import pytest

from datavalues.writing import FigureChange
from indicators.models import Indicator
from periods.models import Period
from programmes.models import Programme
from programmes.writing import do_set_targets
from reports.builders.monthly import MonthlyBuilder
from reports.builders.review import ReviewBuilder
from reports.rendering import render_docx
from units.models import Unit

from .conftest import REPORT_DATE, docx_text

pytestmark = pytest.mark.django_db


def monthly(unit="12", period="202312"):
    return MonthlyBuilder(Unit.objects.get(code=unit), Period.objects.for_code(period), date=REPORT_DATE).build()


def section(text: str) -> list[str]:
    """The lines of the "Chỉ tiêu khác" section (its heading first), [] when absent."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.endswith(". Chỉ tiêu khác")]
    if not starts:
        return []
    out = [lines[starts[0]]]
    for line in lines[starts[0] + 1:]:
        if not line.startswith("- "):
            break
        out.append(line)
    return out


@pytest.fixture
def own(db):
    lc, hg = Unit.objects.get(code="12"), Unit.objects.get(code="02")
    return {
        "shan": Indicator.objects.create(code="LC_SHAN_TEA_AREA", name="Diện tích chè Shan tuyết cổ thụ",
                                         measure="ha", unit=lc, decimals=1, time_aggregation="stock"),
        "empty": Indicator.objects.create(code="LC_HONEY", name="Sản lượng mật ong", measure="tấn", unit=lc),
        "zero": Indicator.objects.create(code="LC_FIRES", name="Số vụ cháy rừng", measure="vụ", unit=lc),
        "hg": Indicator.objects.create(code="HG_ORANGE_AREA", name="Diện tích cam sành", measure="ha", unit=hg),
    }


def test_an_indicator_no_section_states_gets_a_sentence_with_the_engines_value(december_parts, put, own):
    put(("LC_SHAN_TEA_AREA", None, "12.105", "202312", "1234.5"), ("LC_SHAN_TEA_AREA", None, "12.106", "202312", 100),
        ("LC_FIRES", None, "12", "202312", 0), ("HG_ORANGE_AREA", None, "02", "202312", 50))
    report = monthly()
    text = docx_text(render_docx(report))
    lines = section(text)
    # The last numbered part of the month's section, before "II. Phương hướng …".
    after = text.split(lines[0], 1)[1]
    assert "II. Phương hướng, nhiệm vụ tháng 01 năm 2024" in after and "Trồng trọt" not in after
    assert "- Diện tích chè Shan tuyết cổ thụ: 1.334,5 ha." in lines  # the districts rolled up by the engine
    assert not any("mật ong" in line or "cháy rừng" in line for line in lines)  # no value, zero: not written
    assert "mật ong" not in "\n".join(report.context()["missing"])  # nor listed as missing
    assert "cam sành" not in text  # another province's own indicator
    # A figure another section states is not repeated: the herd, the cooperatives …
    assert not any("đàn gia súc" in line.lower() or "hợp tác xã" in line.lower() for line in lines)
    assert any(u.indicator == "LC_SHAN_TEA_AREA" for u in report.used)  # in the annex of figures used
    assert "- Diện tích cam sành: 50 ha." in section(docx_text(render_docx(monthly("02"))))


def test_without_such_a_figure_there_is_no_section(december_parts, own):
    assert section(docx_text(render_docx(monthly()))) == []


def test_a_figure_the_targets_of_a_review_state_is_not_repeated(put, without_record_providers, own):
    city, year = Unit.objects.get(code="12.105"), Period.objects.for_code("2023")
    put(("LC_SHAN_TEA_AREA", None, "12.105", "2023", "80"), ("LC_FIRES", None, "12.105", "2023", 3))
    prog = Programme.objects.create(code="TEST-KH", title="Kế hoạch chè Shan tuyết", unit=city, term=year)
    do_set_targets(prog, [FigureChange(own["shan"], None, city, year, Decimal(100), attrs=(("operator", ">="),))],
                   channel="system")
    report = ReviewBuilder(city, year, prog, date=dt.date(2023, 12, 20)).build()
    text = report.plain_text()
    assert "Diện tích chè Shan tuyết cổ thụ: mục tiêu trên 100 ha" in text  # the targets section states it
    lines = section(text)
    assert "- Số vụ cháy rừng: 3 vụ." in lines
    assert not any("Shan tuyết" in line for line in lines)


def test_percentages_are_written_the_vietnamese_way_and_totals_without_meaning_are_left_out(
        december_parts, put, own):
    from indicators.models import Disaggregation, Option

    lc = Unit.objects.get(code="12")
    Indicator.objects.create(code="LC_RATE", name="Tỷ lệ hộ dùng nước sạch", measure="%", unit=lc, decimals=1,
                             aggregation="none")
    Indicator.objects.create(code="LC_SUPPORT", name="Khối lượng hỗ trợ của tỉnh", measure="theo nội dung hỗ trợ",
                             unit=lc)
    crop = Disaggregation.objects.create(code="LC_CROP", name="Cây trồng của tỉnh")
    for i, (c, n) in enumerate([("TEA", "Chè"), ("CARDAMOM", "Thảo quả")]):
        Option.objects.create(disaggregation=crop, code=c, name=n, sort_order=i)
    for code, name, measure in [("LC_PROD", "Sản lượng cây của tỉnh", "tấn"), ("LC_AREA", "Diện tích cây của tỉnh",
                                                                              "ha")]:
        Indicator.objects.create(code=code, name=name, measure=measure, unit=lc, disaggregation=crop)
    Indicator.objects.create(code="LC_YIELD", name="Năng suất cây của tỉnh", measure="tấn/ha", unit=lc,
                             disaggregation=crop, kind="formula", formula="LC_PROD / LC_AREA", aggregation="none")
    put(("LC_RATE", None, "12", "202312", "84.25"), ("LC_SUPPORT", None, "12", "202312", 5),
        ("LC_PROD", "TEA", "12", "202312", 300), ("LC_PROD", "CARDAMOM", "12", "202312", 100),
        ("LC_AREA", "TEA", "12", "202312", 100), ("LC_AREA", "CARDAMOM", "12", "202312", 100))
    lines = section(docx_text(render_docx(monthly())))
    assert "- Tỷ lệ hộ dùng nước sạch: 84,3%." in lines  # rounded half up, as officials do
    assert "- Sản lượng cây của tỉnh: 400 tấn." in lines and "- Diện tích cây của tỉnh: 200 ha." in lines
    assert not any("Năng suất" in line or "Khối lượng hỗ trợ" in line for line in lines)
