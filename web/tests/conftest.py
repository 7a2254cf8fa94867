"""Fixtures of the web tests: the figures of the seed documents (as ``load_demo`` stores
them, without the other apps' demo records) and the demo accounts, one per role."""

from __future__ import annotations

import pytest

DEMO_PASSWORD = "demo"
ACCOUNTS = {
    # username: (role, unit codes) — the accounts of demo.loading.DEMO_USERS
    "tinh": ("province", ["12"]),
    "thanhpho": ("district", ["12.105"]),
    "santhang": ("commune", ["12.105.03409", "12.03408"]),
    "lanhdao": ("leader", ["12"]),
}


def load_seed_figures() -> None:
    """The programmes, values and targets of demo/data/seed_map.csv, through the write paths."""
    from audit.models import Channel
    from datavalues.writing import do_set_values
    from demo.loading import build_changes, load_programmes, read_figures, read_seed_map
    from programmes.writing import do_set_targets

    programmes = load_programmes()
    values, targets = build_changes({f.row: f for f in read_figures()}, read_seed_map())
    do_set_values(values, channel=Channel.DEMO, reason="Dữ liệu mẫu từ văn bản nguồn")
    for code, changes in targets.items():
        do_set_targets(programmes[code], changes, channel=Channel.DEMO, reason="Dữ liệu mẫu từ văn bản nguồn")


def make_accounts() -> dict:
    from django.contrib.auth import get_user_model

    from accounts.models import Profile
    from demo.loading import DEMO_USERS
    from units.models import Unit

    User = get_user_model()
    users = {}
    for username, (role, codes) in ACCOUNTS.items():
        user = User.objects.create_user(username, password=DEMO_PASSWORD, first_name=DEMO_USERS[username][0])
        profile = Profile.objects.create(user=user, role=role)
        profile.units.set(Unit.objects.filter(code__in=codes))
        users[username] = user
    return users


@pytest.fixture
def seeds(db):
    load_seed_figures()


@pytest.fixture
def accounts(db) -> dict:
    return make_accounts()


@pytest.fixture
def as_user(client, accounts):
    """as_user("thanhpho") signs the test client in as that demo account."""

    def _as(username: str):
        client.force_login(accounts[username])
        return client

    return _as


@pytest.fixture
def live_demo(loaded_transactional_db):
    """Seed figures and accounts for browser tests (their database is flushed after each)."""
    load_seed_figures()
    return make_accounts()
