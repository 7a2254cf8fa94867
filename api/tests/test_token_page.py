"""Users make their own API token in the app; it carries their scope."""

import pytest
from rest_framework.authtoken.models import Token

from accounts.models import Profile
from audit.models import AuditEntry
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def santhang(django_user_model):
    user = django_user_model.objects.create_user("santhang", password="x")
    Profile.objects.create(user=user, role="commune").units.set([Unit.objects.get(code="12.105.03409")])
    return user


def test_a_user_makes_replaces_and_revokes_their_token(client, santhang):
    client.force_login(santhang)
    page = client.get("/api/ma-truy-cap").content.decode()
    # The page is open to every user; its menu entry is shown only to roles that use the API.
    assert "chưa có mã truy cập" in page and 'href="/api/ma-truy-cap"' not in page
    made = client.post("/api/ma-truy-cap", {"action": "create"}).content.decode()
    key = Token.objects.get(user=santhang).key
    assert key in made and "chỉ hiện một lần" in made
    assert key not in client.get("/api/ma-truy-cap").content.decode()  # never shown again
    api = client.__class__()
    assert api.get("/api/units/12.105.03409", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert api.get("/api/units/12.105.03403", HTTP_AUTHORIZATION=f"Token {key}").status_code == 404  # Sùng Phài
    client.post("/api/ma-truy-cap", {"action": "create"})
    assert Token.objects.get(user=santhang).key != key
    assert api.get("/api/units/12.105.03409", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    client.post("/api/ma-truy-cap", {"action": "revoke"})
    assert not Token.objects.filter(user=santhang).exists()
    assert AuditEntry.objects.filter(object_type="api.token", username="santhang").count() == 3


def test_the_page_needs_a_signed_in_user(client):
    assert client.get("/api/ma-truy-cap").status_code == 302
