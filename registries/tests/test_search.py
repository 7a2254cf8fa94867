"""The registry list search ignores case and diacritics on every database (``search_text``)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.urls import reverse

from registries import actions
from registries.models import Certification, Cooperative, Farm, LivestockFacility, OcopProduct, PlantingCode, fold
from registries.specs import SPECS

from .conftest import CITY, SAN_THANG, coop, ocop

pytestmark = pytest.mark.django_db


def names(client, registry, q):
    page = client.get(reverse("registries:list", args=[registry]) + "?q=" + q).content.decode()
    return {n for n in ("Mắc ca sấy Sìn Hồ", "Ổi Tân Phong", "Chè Shan tuyết") if n in page}


def test_fold_drops_case_diacritics_and_d_stroke():
    assert fold("  MẮC   Ca ") == "mac ca"
    assert fold("Ổi") == fold("ổi") == "oi"
    assert fold("Đông Phong") == "dong phong"


def test_search_ignores_case_and_diacritics(client, city_officer):
    ocop(CITY, "Mắc ca sấy Sìn Hồ", dt.date(2023, 7, 10))
    ocop(SAN_THANG, "Ổi Tân Phong", dt.date(2023, 7, 10))
    ocop(SAN_THANG, "Chè Shan tuyết", dt.date(2023, 7, 10))
    client.force_login(city_officer)
    assert names(client, "ocop", "MẮC CA") == {"Mắc ca sấy Sìn Hồ"}
    assert names(client, "ocop", "mac ca") == {"Mắc ca sấy Sìn Hồ"}
    assert names(client, "ocop", "ổi") == {"Ổi Tân Phong"}
    assert names(client, "ocop", "tan  PHONG") == {"Ổi Tân Phong"}
    assert names(client, "ocop", "che tuyet") == {"Chè Shan tuyết"}  # every word, anywhere


def test_search_text_follows_every_update(client, city_officer):
    htx = coop(CITY, "HTX Nông nghiệp Bình Lư", "CROP")
    assert "binh lu" in htx.search_text
    htx, changed = actions.do_update(htx, {"name": "HTX Đoàn Kết"}, channel="form")
    assert changed
    htx.refresh_from_db()
    assert "doan ket" in htx.search_text and "binh lu" not in htx.search_text


def test_specs_search_the_fields_folded_into_search_text():
    models = {Cooperative, Farm, LivestockFacility, OcopProduct, PlantingCode, Certification}
    assert {spec.model for spec in SPECS.values()} == models
    for spec in SPECS.values():
        assert spec.search == spec.model.SEARCH_FIELDS


def test_the_data_migration_freezes_the_same_fields():
    migration = importlib.import_module("registries.migrations.0003_search_text")
    assert migration.SEARCHABLE == {m._meta.model_name: m.SEARCH_FIELDS
                                    for m in (Cooperative, Farm, LivestockFacility, OcopProduct, PlantingCode,
                                              Certification)}


def test_the_data_migration_fills_existing_rows(city_officer):
    product = ocop(CITY, "Mắc ca sấy Sìn Hồ", dt.date(2023, 7, 10))
    OcopProduct.objects.filter(pk=product.pk).update(search_text="")
    migration = importlib.import_module("registries.migrations.0003_search_text")
    from django.apps import apps
    migration.fill_search_text(apps, None)
    product.refresh_from_db()
    assert "mac ca say sin ho" in product.search_text
