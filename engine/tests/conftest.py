from decimal import Decimal

import pytest

from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
from periods.models import Period
from units.models import Unit


@pytest.fixture
def put(db):
    """put("HERD", "PIG", "12", "202312", 235000) stores values through the product's write path."""

    def _put(*rows):
        changes = []
        for indicator, option, unit, period, value in rows:
            ind = Indicator.objects.get(code=indicator)
            changes.append(FigureChange(ind, ind.option_for(option), Unit.objects.get(code=unit),
                                        Period.objects.for_code(period), Decimal(str(value))))
        return do_set_values(changes, channel="system")

    return _put


@pytest.fixture(autouse=True, params=["nodes", "stored"])
def engine_mode(request, monkeypatch):
    """Every engine test runs twice: reading the roll-up nodes, and recomputing from stored values."""
    from engine import rollup

    monkeypatch.setattr(rollup, "USE_NODES", request.param == "nodes")
    return request.param
