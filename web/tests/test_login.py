import pytest


@pytest.mark.browser
def test_a_user_signs_in_and_out_in_a_real_browser(page, login, django_user_model):
    django_user_model.objects.create_user("santhang", password="mat-khau-demo")
    login("santhang", "mat-khau-demo")
    assert page.get_by_role("heading", name="Xin chào, santhang").is_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()


@pytest.mark.browser
def test_a_wrong_password_is_refused_in_vietnamese(page, django_user_model):
    django_user_model.objects.create_user("santhang", password="mat-khau-demo")
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("santhang")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
