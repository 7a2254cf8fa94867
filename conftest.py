"""Shared fixtures.  The test database gets the units of Lai Châu (12), Hà Giang (02)
and Tuyên Quang (08, Hà Giang's successor) and the default catalogue once per
session; every test runs in a transaction on top of them."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from indicators.loading import load_catalogue
    from units.loading import load_units

    with django_db_blocker.unblock():
        load_units(["12", "02"])
        load_catalogue()


@pytest.fixture
def admin_user_demo(db, django_user_model):
    return django_user_model.objects.create_superuser("tester", "", "pw-for-tests")
