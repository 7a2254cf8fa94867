import pytest

from records.testing import Cast


@pytest.fixture
def cast(db, django_user_model):
    return Cast(django_user_model)
