"""Concurrent writers never lose an update: each save names the version it read, and a
stale save is refused (the writer reloads and tries again) — never a silent overwrite.
Runs on both databases: the SQLite test database is a file, and its transactions take
the write lock when they begin (``transaction_mode = IMMEDIATE``)."""

import threading
from decimal import Decimal

from django.db import close_old_connections

from datavalues.models import DataValue
from datavalues.writing import FigureChange, WriteRefused, do_set_values
from indicators.models import Indicator
from periods.models import Period
from units.models import Unit

WRITERS = 20


def test_twenty_concurrent_writers_lose_no_update(loaded_transactional_db):
    ind = Indicator.objects.get(code="HERD")
    pig, unit, period = ind.option_for("PIG"), Unit.objects.get(code="12"), Period.objects.for_code("202312")
    do_set_values([FigureChange(ind, pig, unit, period, Decimal(0))], channel="system")
    refusals = []
    errors = []
    start = threading.Barrier(WRITERS)

    def writer():
        try:
            start.wait()
            while True:
                current = DataValue.objects.get(indicator=ind, option=pig, unit=unit, period=period)
                try:
                    do_set_values([FigureChange(ind, pig, unit, period, current.value + 1,
                                                expected_version=current.version)], channel="form")
                    return
                except WriteRefused as e:
                    refusals.append(str(e))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    final = DataValue.objects.get(indicator=ind, option=pig, unit=unit, period=period)
    assert final.value == Decimal(WRITERS) and final.version == WRITERS + 1
    assert all("người khác sửa" in r for r in refusals)
