"""The home page of each role: what a commune officer must report and the commune's
figures; what a city officer must approve, how complete the communes are and the
programme's progress; the province dashboard for a leader."""

import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def monthly_form():
    from collection import models
    from indicators.models import Indicator
    from units.models import Unit

    form = models.ReportForm.objects.create(code="WEB_TEST_THANG", name="Báo cáo tháng cấp xã (thử)",
                                            period_type="month", level=3, root_unit=Unit.objects.get(code="12"))
    models.FormRow.objects.create(form=form, indicator=Indicator.objects.get(code="HERD"), sort_order=1)
    return form


def test_a_commune_officer_sees_the_commune_figures_and_its_targets(as_user, seeds):
    page = text(as_user("santhang").get("/"))
    assert "Xã San Thàng" in page and "Phường Tân Phong" in page
    # 10 advanced new-rural criteria met by San Thàng in 2023 (seed 000) and 135 ha of quality rice planned.
    assert "Số tiêu chí nông thôn mới đạt chuẩn" in page and "10 tiêu chí" in page
    assert "Mục tiêu được giao" in page and "135 ha" in page


def test_a_commune_officer_sees_the_forms_due_with_deadlines(as_user, seeds, monthly_form):
    from periods.models import Period

    body = as_user("santhang").get("/").content.decode()
    page = text(as_user("santhang").get("/"))
    assert "Báo cáo cần nộp" in page and "Báo cáo tháng cấp xã (thử)" in page
    # Only the commune that exists now reports this month; the old Xã San Thàng ended on 30/06/2025.
    today = timezone.localdate()
    period = Period.objects.for_code(f"{today.year}{today.month:02d}")
    if monthly_form.deadline_for(period) < today:
        period = Period.objects.for_code(f"{today.year + (today.month == 12)}{today.month % 12 + 1:02d}")
    assert f'href="/nhap-so-lieu/WEB_TEST_THANG/12.03408/{period.code}/"' in body
    assert "/nhap-so-lieu/WEB_TEST_THANG/12.105.03409/" not in body
    assert monthly_form.deadline_for(period).strftime("%d/%m/%Y") in page


def test_a_city_officer_sees_approvals_completeness_and_progress(as_user, seeds, monthly_form):
    from collection.models import Submission
    from periods.models import Period
    from units.models import Unit

    Submission.objects.create(form=monthly_form, unit=Unit.objects.get(code="12.105.03409"),
                              period=Period.objects.for_code("202312"), status="submitted",
                              submitted_at=timezone.now())
    page = text(as_user("thanhpho").get("/"))
    assert "Báo cáo chờ duyệt (1)" in page and "Báo cáo tháng cấp xã (thử) — Xã San Thàng — Tháng 12/2023" in page
    # Two of the city's seven communes have figures for 2023: Sùng Phài and San Thàng.
    assert "2/7 xã, phường đã có số liệu (29%)" in page
    assert "Tiến độ chương trình — Thành phố Lai Châu" in page and "963,45 ha" in page


def test_a_leader_sees_the_province_dashboard(as_user, seeds):
    page = text(as_user("lanhdao").get("/"))
    assert "Tiến độ chương trình — Tỉnh Lai Châu" in page
    assert "mục tiêu giao cho Thành phố Lai Châu" in page and "Đã đạt" in page
    assert "Báo cáo chờ duyệt" not in page


def test_the_navigation_offers_the_dashboard_the_catalogue_and_the_commune_table(as_user, seeds):
    body = as_user("thanhpho").get("/").content.decode()
    nav = body.split('class="mainnav"')[1].split("</nav>")[0]
    for label, url in [("Tổng quan", "/tong-quan/"), ("Chỉ tiêu", "/danh-muc-chi-tieu/"),
                       ("Bảng số liệu xã", "/bang-xa/")]:
        assert f'<a href="{url}">{label}</a>' in nav


def test_the_catalogue_links_each_indicator_to_the_users_unit(as_user, seeds):
    body = as_user("thanhpho").get("/danh-muc-chi-tieu/").content.decode()
    assert '<a href="/chi-tieu/CROP_AREA/12.105/">Diện tích hiện có</a>' in body
