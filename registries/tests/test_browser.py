import pytest

from accounts.models import Profile, Role
from registries.demo import load_demo_registries
from units.models import Unit


@pytest.mark.browser
def test_a_city_officer_finds_and_edits_a_livestock_facility(page, login, django_user_model):
    load_demo_registries()
    user = django_user_model.objects.create_user("thanhpho", password="mat-khau-demo")
    Profile.objects.create(user=user, role=Role.DISTRICT_OFFICER).units.set(Unit.objects.filter(code="12.105"))
    login("thanhpho", "mat-khau-demo")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Sổ đăng ký").click()
    assert page.get_by_role("heading", name="Sổ đăng ký", exact=True).is_visible()
    page.get_by_role("link", name="Cơ sở chăn nuôi tập trung").first.click()
    page.get_by_label("Phân loại").select_option("PIG")
    page.get_by_role("button", name="Lọc").click()
    assert page.get_by_text("4 bản ghi").is_visible()
    page.get_by_role("link", name="Mai Đình Đồng").click()
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Quy mô").fill("1.200")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu.").is_visible()
    assert page.get_by_text("1.200").first.is_visible()
