import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import Profile
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
from periods.models import Period
from units.models import Unit

# Lai Châu districts (GSO codes) with the seed 003 figures of December 2023.
DISTRICTS = {
    "12.105": ("thành phố Lai Châu", 22, 5, 155),
    "12.106": ("Tam Đường", 25, 19, 570),
    "12.107": ("Mường Tè", 15, 27, 825),
    "12.108": ("Sìn Hồ", 9, 14, 420),
    "12.109": ("Phong Thổ", 23, 25, 775),
    "12.110": ("Than Uyên", 38, 33, 975),
    "12.111": ("Tân Uyên", 24, 12, 360),
    "12.112": ("Nậm Nhùn", 27, 14, 385),
}
REPORT_DATE = dt.date(2024, 1, 10)


@pytest.fixture
def put(db):
    """put(("HERD", "PIG", "12", "202312", 235000), …) stores values through the product's write path."""

    def _put(*rows):
        changes = []
        for indicator, option, unit, period, value in rows:
            ind = Indicator.objects.get(code=indicator)
            changes.append(FigureChange(ind, ind.option_for(option), Unit.objects.get(code=unit),
                                        Period.objects.for_code(period),
                                        None if value is None else Decimal(str(value)), source="kiểm thử"))
        return do_set_values(changes, channel="system")

    return _put


@pytest.fixture
def without_record_providers(monkeypatch):
    """Reports read record-derived indicators through the engine like any other; tests of
    the report layer that store values by hand run without the record apps' providers
    (which the demo tests keep), so they do not depend on those apps' records or speed."""
    from engine import providers

    monkeypatch.setattr(providers, "_PROVIDERS", {})


@pytest.fixture
def december_parts(put, without_record_providers):
    """Only the parts of the seed 003 figures are stored: every total must be computed."""
    rows = [
        ("HERD", "BUFFALO", "12", "202312", 92760),
        ("HERD", "CATTLE", "12", "202312", 25590),
        ("HERD", "PIG", "12", "202312", 235000),
        ("AQUA_PRODUCTION", "FARMED", "12", "2023", 3506),
        ("AQUA_PRODUCTION", "CAPTURED", "12", "2023", 194),
        ("CAPITAL_ALLOCATED", "NTP_DTTS_DA1_DISPERSED_WATER", "12", "2022", 2120),
        ("CAPITAL_ALLOCATED", "NTP_DTTS_DA1_DISPERSED_WATER", "12", "2023", 3945),
        ("CAPITAL_DISBURSED", "NTP_DTTS_DA1_DISPERSED_WATER", "12", "2022-2023", 5078),
        ("CAPITAL_ALLOCATED", "NTP_DTTS_DA1_CENTRAL_WATER", "12", "2022-2023", 102892),
        ("CAPITAL_DISBURSED", "NTP_DTTS_DA1_CENTRAL_WATER", "12", "2022-2023", 83177),
    ]
    for code, (_, coops, classes, trainees) in DISTRICTS.items():
        rows += [
            ("COOPERATIVES", None, code, "202312", coops),
            ("TRAINING_CLASSES", None, code, "2023", classes),
            ("TRAINEES", None, code, "2023", trainees),
        ]
    put(*rows)


@pytest.fixture
def demo(db, settings):
    """The whole demo data set (seed documents), loaded through load_demo."""
    from demo.loading import load_demo

    settings.DEBUG = True
    load_demo(["12", "02"])


@pytest.fixture
def make_user(django_user_model):
    def _make(name, role, *codes):
        user = django_user_model.objects.create_user(name, password="pw-for-tests")
        profile = Profile.objects.create(user=user, role=role)
        profile.units.set(Unit.objects.filter(code__in=codes))
        return user

    return _make


def docx_text(content: bytes) -> str:
    """Every paragraph of a .docx (body, tables, headers), one per line."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)
