import pytest
from django.http import Http404

from accounts.models import Profile, Role
from accounts.scope import can_approve, can_manage, can_read, can_write, get_unit_or_404, readable_units
from units.models import Unit

pytestmark = pytest.mark.django_db


def make_user(django_user_model, name, role, *codes):
    user = django_user_model.objects.create_user(name, password="x")
    profile = Profile.objects.create(user=user, role=role)
    profile.units.set(Unit.objects.filter(code__in=codes))
    return user


def u(code):
    return Unit.objects.get(code=code)


def test_a_commune_officer_reads_and_writes_only_its_commune(django_user_model):
    user = make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, "12.105.03409")
    assert can_write(user, u("12.105.03409"))
    assert not can_read(user, u("12.105.03403"))  # Sùng Phài, a neighbour
    assert not can_write(user, u("12.105"))
    with pytest.raises(Http404):
        get_unit_or_404(user, "12.105.03403")


def test_scope_follows_the_reform_to_the_new_commune(django_user_model):
    user = make_user(django_user_model, "santhang", Role.COMMUNE_OFFICER, "12.105.03409")
    # Xã San Thàng merged into Phường Tân Phong (12.03408) on 1 July 2025.
    assert can_read(user, u("12.03408"))
    assert can_write(user, u("12.03408"))
    assert not can_read(user, u("12.03388"))


def test_a_city_officer_reads_its_subtree_and_approves_its_communes(django_user_model):
    user = make_user(django_user_model, "thanhpho", Role.DISTRICT_OFFICER, "12.105")
    assert can_read(user, u("12.105.03403"))
    assert can_approve(user, u("12.105.03403"))
    assert not can_approve(user, u("12.105"))  # not its own submission
    assert can_manage(user, u("12.105.03409"))
    assert not can_read(user, u("12.106"))
    assert not can_read(user, u("12"))
    codes = set(readable_units(user).values_list("code", flat=True))
    assert "12.105.03409" in codes and "12.03408" in codes and "12.106" not in codes


def test_a_leader_reads_the_province_but_writes_nothing(django_user_model):
    user = make_user(django_user_model, "lanhdao", Role.LEADER, "12")
    assert can_read(user, u("12.107.03433"))
    assert not can_write(user, u("12.107.03433"))
    assert not can_approve(user, u("12.107"))
    assert not can_read(user, u("02"))


def test_anonymous_users_read_nothing(client):
    from django.contrib.auth.models import AnonymousUser

    assert not can_read(AnonymousUser(), u("12"))
    assert readable_units(AnonymousUser()).count() == 0
