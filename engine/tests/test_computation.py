"""Providers memoise answers for one engine computation; it must end deterministically
(engines hold reference cycles, so waiting for their collection is not enough)."""

import pytest

from engine import providers
from engine.rollup import Engine

pytestmark = pytest.mark.django_db


def test_a_computation_lives_with_its_engine_until_ended():
    engine = Engine()
    cache = providers.computation_cache()
    assert cache is not None and providers.computation_id() != 0
    cache["answer"] = 1
    providers.end_computation()
    assert providers.computation_id() == 0 and providers.computation_cache() is None
    assert engine is not None  # still alive: the end did not wait for it
    other = Engine()
    assert providers.computation_cache() == {}  # a new engine starts afresh
    del other  # without reference cycles yet, collected at once: its computation ends with it
    assert providers.computation_id() == 0


def test_a_request_never_inherits_the_previous_computation(client):
    engine = Engine()  # alive while the request runs
    assert providers.computation_id() != 0
    assert client.get("/dang-nhap/").status_code == 200  # the test client runs in this thread
    assert providers.computation_id() == 0
    assert engine is not None


def test_a_write_ends_the_computation_before_validating():
    from datavalues.writing import do_set_values

    engine = Engine()
    do_set_values([], channel="system")
    assert providers.computation_id() == 0
    assert engine is not None
