"""The user guide (/huong-dan/): one short guide per role, the reader's own first, linked
from the help icon of every page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username,heading", [
    ("santhang", "Cán bộ xã, phường"), ("thanhpho", "Cán bộ huyện, thành phố"),
    ("tinh", "Cán bộ Sở Nông nghiệp tỉnh"), ("lanhdao", "Lãnh đạo (chỉ xem)")])
def test_each_role_opens_its_own_guide_from_the_help_icon(as_user, username, heading):
    client = as_user(username)
    home = client.get("/").content.decode()
    assert 'href="/huong-dan/" class="help-icon"' in home
    page = client.get("/huong-dan/").content.decode()
    assert f"<h1>Hướng dẫn sử dụng — {heading}</h1>" in page and "(vai trò của bạn)" in page


def test_every_guide_opens_and_an_unknown_one_is_404(as_user):
    client = as_user("tinh")
    for slug in ("xa", "huyen", "tinh", "lanh-dao", "quan-tri"):
        assert client.get(f"/huong-dan/{slug}/").status_code == 200
    assert client.get("/huong-dan/khong-co/").status_code == 404


def test_a_picture_not_made_yet_is_left_out(as_user, settings, tmp_path):
    (tmp_path / "help").mkdir()
    settings.STATICFILES_DIRS = [tmp_path]
    page = as_user("santhang").get("/huong-dan/").content.decode()
    assert "<img" not in page
    (tmp_path / "help" / "data-entry-desktop.png").write_bytes(b"\x89PNG")
    assert 'src="/static/help/data-entry-desktop.png"' in as_user("santhang").get("/huong-dan/").content.decode()
