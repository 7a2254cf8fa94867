"""Builders cite the dated notes of their unit and period; placeholder notes never."""

import datetime as dt

import pytest

from notes.actions import do_save_note
from notes.models import Note, NoteKind
from periods.models import Period
from reports.builders.monthly import MonthlyBuilder
from units.models import Unit

pytestmark = pytest.mark.django_db


def note(unit, period, text, **kw):
    return do_save_note(Note(unit=Unit.objects.get(code=unit), period=Period.objects.for_code(period),
                             kind=kw.pop("kind", NoteKind.EVENT), text=text, **kw), channel="system")


def test_the_monthly_report_cites_the_months_events_but_never_a_placeholder_or_another_provinces():
    note("12", "202312", "Tham gia Festival Bảo tồn và Phát triển làng nghề Việt Nam năm 2023 (01 gian hàng)")
    note("12.105", "202312", "Trưng bày sản phẩm OCOP tại chợ San Thàng")  # a unit inside: cited
    note("12", "202312", "Hội chợ giả định", is_placeholder=True)
    note("02", "202312", "Hội chợ cam Hà Giang")
    note("12", "202311", "Hội chợ tháng trước")
    text = MonthlyBuilder(Unit.objects.get(code="12"), Period.objects.for_code("202312"),
                          date=dt.date(2024, 1, 10)).build().plain_text()
    assert "- Tham gia Festival Bảo tồn và Phát triển làng nghề Việt Nam năm 2023 (01 gian hàng)." in text
    assert "- Trưng bày sản phẩm OCOP tại chợ San Thàng." in text
    assert "giả định" not in text and "Hà Giang" not in text and "tháng trước" not in text
