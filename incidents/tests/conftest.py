import pytest

from records.testing import Cast


@pytest.fixture
def cast(db, django_user_model):
    return Cast(django_user_model)


@pytest.fixture
def demo_incidents(db):
    from incidents.demo import load_demo_incidents

    load_demo_incidents()
