import pytest

from records.testing import Cast


@pytest.fixture
def cast(db, django_user_model):
    return Cast(django_user_model)


@pytest.fixture
def demo_capital(db):
    from capital.demo import load_demo_capital

    load_demo_capital()
