import gzip
import json
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from accounts.models import Profile
from audit.models import AuditEntry
from backups.archive import BackupError, models_in_order, restore
from datavalues.importing import import_values
from datavalues.models import DataValue
from programmes.models import Programme
from units.models import Unit

pytestmark = pytest.mark.django_db

VALUES = ("indicator,option,unit,period,value,comment\n"
          "HERD,BUFFALO,12,202312,92.760,\nHERD,CATTLE,12,202312,25.590,\nHERD,PIG,12,202312,235.000,ước\n"
          "CROP_AREA,TEA,12.105,2023,\"963,45\",\n")


def snapshot() -> dict:
    """Every row of every backed-up model, as comparable JSON."""
    out = {}
    for model in models_in_order():
        rows = json.loads(serializers.serialize("json", model._base_manager.order_by("pk"),
                                                use_natural_foreign_keys=True))
        out[model._meta.label_lower] = rows
    return out


@pytest.fixture
def data(django_user_model):
    user = django_user_model.objects.create_user("tinh", password="x", first_name="Cán bộ")
    Profile.objects.create(user=user, role="province").units.set([Unit.objects.get(code="12")])
    import_values(VALUES.encode(), filename="v.csv", user=user)
    import_values(VALUES.replace("92.760", "93.000").encode(), filename="v.csv", user=user)
    call_command("create_programme", "--code", "05-NQ/TU", "--title", "Nghị quyết 05", "--term", "2021-2025",
                 stdout=StringIO())
    return user


def test_backup_then_restore_round_trips_every_row(data, tmp_path):
    before = snapshot()
    assert before["audit.auditentry"] and before["datavalues.datavalue"] and before["units.unit"]
    path = tmp_path / "sao-luu.json.gz"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "Đã sao lưu" in out.getvalue()
    # Damage the database in every way: delete, change, add.
    DataValue.objects.filter(option__code="PIG").delete()
    DataValue.objects.update(comment="sửa")
    Programme.objects.all().delete()
    call_command("import_values", _write(tmp_path, "CROP_AREA,RICE,12.105,2023,5\n"), stdout=StringIO())
    assert snapshot() != before
    call_command("restore", str(path), "--yes", stdout=StringIO())
    assert snapshot() == before
    assert AuditEntry.objects.filter(action="update").get().new["value"] == "93000"


def _write(tmp_path, line):
    p = tmp_path / "extra.csv"
    p.write_text("indicator,option,unit,period,value\n" + line, encoding="utf-8")
    return str(p)


def test_a_restore_from_a_broken_file_changes_nothing(data, tmp_path):
    before = snapshot()
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="hỏng"):
        call_command("restore", str(bad), "--yes")
    wrong = tmp_path / "wrong.json.gz"
    with gzip.open(wrong, "wt") as f:
        json.dump({"header": {"format": "other"}, "rows": []}, f)
    with pytest.raises(BackupError, match="định dạng"):
        restore(wrong)
    assert snapshot() == before


def test_a_restore_that_fails_midway_rolls_back(data, tmp_path):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    with gzip.open(path, "rt") as f:
        doc = json.load(f)
    doc["rows"].append({"model": "datavalues.datavalue", "pk": 999999,
                        "fields": {"indicator": 999999, "unit": 1, "period": 1, "value": "1"}})
    with gzip.open(path, "wt") as f:
        json.dump(doc, f)
    before = snapshot()
    with pytest.raises(Exception):  # noqa: B017 - any database error: the point is the rollback
        restore(path)
    assert snapshot() == before


def test_records_of_every_register_round_trip(tmp_path):
    """Registry records point at each other (a facility's farm, an OCOP evaluation's product,
    a cooperative's yearly figures): the backup must keep those links restorable."""
    from capital.demo import load_demo_capital
    from incidents.demo import load_demo_incidents
    from registries.demo import load_demo_registries
    from registries.models import OcopProduct
    from support.demo import load_demo_support
    from works.demo import load_demo_works

    for load in (load_demo_registries, load_demo_support, load_demo_capital, load_demo_works, load_demo_incidents):
        load()
    before = snapshot()
    times = list(AuditEntry.objects.order_by("pk").values_list("at", flat=True))
    assert any(t.microsecond % 1000 for t in times)  # what JSON's milliseconds would lose
    assert before["registries.ocopproduct"] and before["registries.ocopevaluation"]
    assert before["support.application"] and before["incidents.outbreak"] and before["works.work"]
    path = tmp_path / "sao-luu.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    OcopProduct.objects.all().delete()
    assert snapshot() != before
    call_command("restore", str(path), "--yes", stdout=StringIO())
    assert snapshot() == before
    assert list(AuditEntry.objects.order_by("pk").values_list("at", flat=True)) == times


# --------------------------------------------------------------------------- confirmation

class Terminal(StringIO):
    """A stdin that is a terminal, with what the user types (nothing: end of input)."""

    def isatty(self):
        return True


def test_restore_without_yes_refuses_when_nobody_can_answer(data, tmp_path, monkeypatch):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    DataValue.objects.all().delete()
    monkeypatch.setattr("sys.stdin", StringIO("co\n"))  # piped: not a terminal, even with an answer
    with pytest.raises(CommandError, match="chạy lại với --yes") as e:
        call_command("restore", str(path), stdout=StringIO())
    assert e.value.returncode == 1
    monkeypatch.setattr("sys.stdin", Terminal(""))  # a terminal closed before the answer (EOFError)
    with pytest.raises(CommandError, match="Không đọc được câu trả lời; chưa phục hồi gì. .*chạy lại với --yes"):
        call_command("restore", str(path), stdout=StringIO())
    monkeypatch.setattr("sys.stdin", Terminal("không\n"))
    with pytest.raises(CommandError, match="Đã hủy"):
        call_command("restore", str(path), stdout=StringIO())
    assert not DataValue.objects.exists()
    monkeypatch.setattr("sys.stdin", Terminal("co\n"))
    call_command("restore", str(path), stdout=StringIO())
    assert DataValue.objects.exists()


def test_the_restore_command_without_a_terminal_exits_non_zero_without_a_traceback(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite3'}", "DEBUG": "1"}
    done = subprocess.run([sys.executable, str(root / "manage.py"), "restore", str(tmp_path / "b.json.gz")],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, cwd=root, timeout=120)
    assert done.returncode == 1
    assert "chạy lại với --yes" in done.stderr
    assert "Traceback" not in done.stderr and "EOFError" not in done.stderr


# --------------------------------------------------------------------------- security state

def test_a_restore_logs_everyone_out_and_lifts_lockouts_and_says_so(data, tmp_path):
    """Sessions and django-axes' attempts and lockouts are deliberately not backed up."""
    from axes.models import AccessAttempt, AccessAttemptExpiration, AccessLog
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    session = SessionStore()
    session["_auth_user_id"] = str(data.pk)
    session.create()
    attempt = AccessAttempt.objects.create(username="tinh", ip_address="10.0.0.1", user_agent="x",
                                           failures_since_start=5, get_data="", post_data="", http_accept="",
                                           path_info="/dang-nhap/")
    AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=timezone.now())
    AccessLog.objects.create(username="tinh", ip_address="10.0.0.1", user_agent="x", http_accept="",
                             path_info="/dang-nhap/")
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    with gzip.open(path, "rt") as f:
        doc = json.load(f)
    kept = {r["model"] for r in doc["rows"]}
    assert not kept & {"sessions.session", "axes.accessattempt", "axes.accessattemptexpiration", "axes.accesslog"}
    out = StringIO()
    call_command("restore", str(path), "--yes", stdout=out)
    assert not Session.objects.exists()
    assert not AccessAttempt.objects.exists() and not AccessAttemptExpiration.objects.exists()
    assert AccessLog.objects.count() == 1  # the server's login log stays
    assert ("mọi người dùng đã bị đăng xuất (1 phiên), mọi khóa đăng nhập đã được gỡ (1 lượt ghi nhận)"
            in out.getvalue())


def test_a_backup_that_still_holds_excluded_rows_restores_without_them(data, tmp_path):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    with gzip.open(path, "rt") as f:
        doc = json.load(f)
    # as written before lockout expirations were excluded: a row pointing at an attempt not in the file
    doc["rows"].append({"model": "axes.accessattemptexpiration", "pk": 7,
                        "fields": {"expires_at": "2025-01-01T00:00:00+07:00"}})
    doc["header"]["counts"]["axes.accessattemptexpiration"] = 1
    with gzip.open(path, "wt") as f:
        json.dump(doc, f)
    before = snapshot()
    DataValue.objects.all().delete()
    call_command("restore", str(path), "--yes", stdout=StringIO())
    assert snapshot() == before


# --------------------------------------------------------------------------- hostile files

def test_a_deeply_nested_or_broken_backup_is_refused_in_vietnamese(data, tmp_path):
    before = snapshot()
    for name, text, message in [("deep", '{"rows": ' + "[" * 5000 + "]" * 5000 + "}", "lồng quá sâu"),
                                ("extra", '{"rows": []} x', "dòng 1, cột 14: có dữ liệu thừa")]:
        path = tmp_path / f"{name}.json.gz"
        with gzip.open(path, "wt") as f:
            f.write(text)
        with pytest.raises(CommandError) as e:
            call_command("restore", str(path), "--yes")
        assert message in str(e.value) and "Error" not in str(e.value)
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        call_command("restore", str(tmp_path / "khong-co.json.gz"), "--yes")
    assert snapshot() == before
