import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ..actions import do_submit
from ..completeness import LATE, MISSING, ON_TIME, PENDING, completeness, latest_overdue_period
from .conftest import CITY, p, put, u

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


@pytest.fixture
def december(forms):
    """Thành phố Lai Châu's communes, December 2023 (due 14/12/2023): two on time — one on the
    deadline day itself, late in the evening —, one late, one still being entered."""
    commune, _ = forms
    period = p("202312")
    do_submit(commune, u("12.105.03409"), period, user=None, at=at("2023-12-13"))  # San Thàng
    do_submit(commune, u("12.105.03403"), period, user=None, at=at("2023-12-14", 23))  # Sùng Phài
    do_submit(commune, u("12.105.03386"), period, user=None, at=at("2023-12-16"))  # Quyết Thắng, 2 days late
    put(("POULTRY", None, "12.105.03387", "202312", 5))  # Tân Phong: values, no submission
    from ..actions import CellInput, do_save_values

    do_save_values(commune, u("12.105.03387"), period, [CellInput(("POULTRY", None), "6")], user=None)
    return commune, period


def states(result):
    return {r.unit.code: r.state for r in result.overall.rows}


def test_the_deadline_of_a_monthly_commune_report_is_the_14th_and_a_districts_the_17th(forms):
    commune, district = forms
    assert commune.deadline_for(p("202312")) == dt.date(2023, 12, 14)
    assert district.deadline_for(p("202312")) == dt.date(2023, 12, 17)
    assert commune.deadline_for(p("202401")) == dt.date(2024, 1, 14)


def test_before_the_deadline_unsubmitted_communes_are_pending(december):
    commune, period = december
    result = completeness(commune, period, u(CITY), today=dt.date(2023, 12, 14))
    s = states(result)
    assert s["12.105.03409"] == ON_TIME and s["12.105.03403"] == ON_TIME
    assert s["12.105.03386"] == PENDING  # submitted on the 16th: not yet, seen from the 14th
    assert s["12.105.03387"] == PENDING and s["12.105.03389"] == PENDING
    assert result.overall.sentence == "2/7 xã, phường, thị trấn đã hoàn thành"
    assert not result.deadline_passed


def test_after_the_deadline_late_and_missing_units_are_shown(december):
    commune, period = december
    result = completeness(commune, period, u(CITY), today=dt.date(2023, 12, 20))
    s = states(result)
    assert s == {"12.105.03386": LATE, "12.105.03387": MISSING, "12.105.03388": MISSING, "12.105.03389": MISSING,
                 "12.105.03403": ON_TIME, "12.105.03408": MISSING, "12.105.03409": ON_TIME}
    late = next(r for r in result.overall.rows if r.state == LATE)
    assert late.days_late == 2 and late.label == "Muộn 2 ngày"
    tan_phong = next(r for r in result.overall.rows if r.unit.code == "12.105.03387")
    assert tan_phong.label == "Đang nhập, quá hạn chưa nộp"
    assert result.overall.sentence == "3/7 xã, phường, thị trấn đã hoàn thành (1 nộp muộn)"
    assert result.overall.percent_text == "42,9%"


def test_the_province_view_groups_communes_by_district(december):
    commune, period = december
    result = completeness(commune, period, u("12"), today=dt.date(2023, 12, 20))
    city = next(g for g in result.groups if g.unit and g.unit.code == CITY)
    assert (city.done, city.total) == (3, 7)
    assert len(result.groups) == 8 and result.overall.total > 90


def test_seven_of_eight_districts_as_the_monthly_report_writes_it(forms):
    _, district = forms
    period = p("202312")
    for code in ["12.105", "12.106", "12.107", "12.108", "12.109", "12.110", "12.111"]:
        do_submit(district, u(code), period, user=None, at=at("2023-12-17"))
    result = completeness(district, period, u("12"), today=dt.date(2023, 12, 18))
    assert result.overall.sentence == "7/8 huyện, thành phố đã hoàn thành"
    assert [r.unit.name for r in result.overall.rows if r.state == MISSING] == ["Huyện Nậm Nhùn"]


def test_the_progress_page_shows_the_table_and_percentage_within_scope(client, cast, december,
                                                                        django_assert_max_num_queries):
    client.force_login(cast["thanhpho"])
    with django_assert_max_num_queries(20):
        r = client.get(reverse("collection:progress"), {"form": "BC_THANG_XA", "period": "202312",
                                                         "unit": CITY, "date": "2023-12-20"})
    html = r.content.decode()
    assert "3/7 xã, phường, thị trấn đã hoàn thành (1 nộp muộn)" in html and "42,9%" in html
    assert "Muộn 2 ngày" in html and "Phường Đoàn Kết" in html
    assert client.get(reverse("collection:progress"), {"form": "BC_THANG_XA", "period": "202312",
                                                       "unit": "12.106"}).status_code == 404


def test_remind_missing_lists_the_units_that_missed_the_latest_deadline(december, capsys):
    commune, _ = december
    assert latest_overdue_period(commune, dt.date(2023, 12, 15)).code == "202312"
    assert latest_overdue_period(commune, dt.date(2023, 12, 14)).code == "202311"
    call_command("remind_missing", date="2023-12-15", form="BC_THANG_XA", unit=CITY)
    out = capsys.readouterr().out
    assert "BC_THANG_XA · Tháng 12/2023 · hạn 14/12/2023 (quá hạn): 2/7" in out
    assert "Phường Đoàn Kết (12.105.03389): Quá hạn chưa nộp" in out
    assert "Xã San Thàng" not in out
    # Three days before the January deadline, the January reports are announced.
    call_command("remind_missing", date="2024-01-12", form="BC_THANG_XA", unit=CITY)
    assert "Tháng 01/2024 · sắp đến hạn 14/01/2024: 7/7" in capsys.readouterr().out
