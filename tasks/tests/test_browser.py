"""In a real browser: the city officer finds the overdue task on the home page, records its
completion; an officer uploads an old report and confirms a figure in the review queue."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import Profile, Role
from datavalues.models import DataValue
from programmes.models import Programme
from tasks.models import Status, Task
from units.models import Unit

PASSWORD = "mat-khau-thu-nghiem"


def officer(django_user_model, name, role, code):
    user = django_user_model.objects.create_user(name, password=PASSWORD)
    Profile.objects.create(user=user, role=role).units.set([Unit.objects.get(code=code)])
    return user


@pytest.mark.browser
def test_the_city_officer_completes_the_overdue_task_from_the_home_page(page, login, django_user_model):
    from tasks.demo import load_demo_tasks

    Programme.objects.create(code="KH-2023-TPLC", title="Kế hoạch 2023", unit=Unit.objects.get(code="12.105"))
    load_demo_tasks()
    officer(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, "12.105")
    login("thanhpho", PASSWORD)
    panel = page.locator("section", has=page.get_by_role("heading", name="Nhiệm vụ của tôi"))
    expect(panel).to_contain_text("1 nhiệm vụ quá hạn")
    panel.get_by_role("link", name="Tham mưu quy chế làm việc").click()
    expect(page.get_by_text("hạn 30/06/2023 đã qua, chưa hoàn thành")).to_be_visible()
    page.get_by_label("Ngày").fill("2023-08-01")
    page.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    page.get_by_label("Kết quả, tiến độ").fill("UBND thành phố đã ban hành quy chế làm việc của Ban chỉ đạo.")
    page.get_by_role("button", name="Ghi cập nhật").click()
    expect(page.get_by_text("Đã cập nhật tình hình thực hiện nhiệm vụ.")).to_be_visible()
    assert Task.objects.get(reference="KH2023-PKT-1").status == Status.DONE
    page.goto("/")
    expect(panel).not_to_contain_text("quá hạn")


@pytest.mark.browser
def test_an_old_report_is_uploaded_and_a_figure_confirmed(page, login, django_user_model):
    officer(django_user_model, "tinh", Role.PROVINCE_OFFICER, "12")
    login("tinh", PASSWORD)
    page.goto("/bao-cao-cu/")
    page.get_by_label("Tệp báo cáo (tối đa 10 MB)").set_input_files(
        str(Path(settings.BASE_DIR) / "seeds" / "003_3940f7126368a22b.txt"))
    page.get_by_label("Đơn vị của báo cáo (mã)").fill("12")
    page.get_by_role("button", name="Tải lên và đọc số liệu").click()
    expect(page.get_by_text("số liệu chờ xem xét")).to_be_visible()
    row = page.locator("tr", has_text="Tổng đàn gia súc chính ước đạt 353.350 con").first
    row.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã xác nhận số liệu 353.350 con.")).to_be_visible()
    v = DataValue.objects.get(indicator__code="HERD", option=None)
    assert v.value == Decimal("353350") and "353.350 con" in v.source
