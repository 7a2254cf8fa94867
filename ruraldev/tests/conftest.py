import pytest

from accounts.models import Profile, Role
from units.models import Unit

PROVINCE, CITY = "12", "12.105"
SAN_THANG, SUNG_PHAI = "12.105.03409", "12.105.03403"


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def make_user(django_user_model, name, role, *codes):
    user = django_user_model.objects.create_user(name, password="pw-for-tests")
    Profile.objects.create(user=user, role=role).units.set(Unit.objects.filter(code__in=codes))
    return user


class Cast:
    def __init__(self, m):
        self.province = make_user(m, "tinh", Role.PROVINCE_OFFICER, PROVINCE)
        self.city = make_user(m, "thanhpho", Role.DISTRICT_OFFICER, CITY)
        self.santhang = make_user(m, "santhang", Role.COMMUNE_OFFICER, SAN_THANG)
        self.sungphai = make_user(m, "sungphai", Role.COMMUNE_OFFICER, SUNG_PHAI)
        self.leader = make_user(m, "lanhdao", Role.LEADER, PROVINCE)


@pytest.fixture
def cast(db, django_user_model):
    return Cast(django_user_model)


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.RURALDEV_EVIDENCE_ROOT = str(tmp_path / "evidence")
    return tmp_path / "evidence"


@pytest.fixture
def sets(db):
    from ruraldev.loading import load_shipped_sets
    from ruraldev.models import CriteriaSet

    load_shipped_sets()
    return {s.code: s for s in CriteriaSet.objects.all()}


@pytest.fixture
def basic(sets):
    return sets["318-2022-XA"]


@pytest.fixture
def advanced(sets):
    return sets["318-2022-XA-NC"]


def indicator(criteria_set, code):
    from ruraldev.models import CriterionIndicator

    return CriterionIndicator.objects.get(criterion__criteria_set=criteria_set, code=code)
