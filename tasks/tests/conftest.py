import pytest

from accounts.models import Profile, Role
from programmes.models import Programme
from units.models import Unit


@pytest.fixture
def demo_tasks(db):
    """Seed 002's section III, loaded from the files shipped in tasks/data (as the demo does)."""
    from tasks.demo import load_demo_tasks

    Programme.objects.get_or_create(code="KH-2023-TPLC", defaults={
        "doc_type": "ke_hoach", "title": "Sản xuất nông nghiệp hàng hóa năm 2023 trên địa bàn thành phố Lai Châu",
        "unit": Unit.objects.get(code="12.105")})
    load_demo_tasks()


@pytest.fixture
def make_user(db, django_user_model):
    def make(name, role, *codes):
        user = django_user_model.objects.create_user(name, password="x")
        Profile.objects.create(user=user, role=role).units.set(Unit.objects.filter(code__in=codes))
        return user

    return make


@pytest.fixture
def city(make_user):
    return make_user("tp", Role.DISTRICT_OFFICER, "12.105")


@pytest.fixture
def san_thang(make_user):
    return make_user("st", Role.COMMUNE_OFFICER, "12.105.03409")


@pytest.fixture
def sung_phai(make_user):
    return make_user("sp", Role.COMMUNE_OFFICER, "12.105.03403")


@pytest.fixture
def leader(make_user):
    return make_user("ld", Role.LEADER, "12")
