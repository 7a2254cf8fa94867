"""Backup and restore of every value, record, user and audit row, on SQLite and PostgreSQL.

A backup is a gzip file holding one JSON document: a header (format, product version,
time, database vendor, row counts per model) and the rows of every model of the
product, serialised by Django with natural foreign keys for content types and
permissions, so a backup taken on SQLite restores on PostgreSQL and back.

Restoring replaces the whole database content inside one transaction: either the
backup is in the database afterwards, exactly, or nothing changed.  Audit rows are
restored as they were (the audit trail cannot be edited, but it is part of the backup).

Deliberately not backed up (``EXCLUDED``): the signed-in sessions and django-axes'
failed-login attempts and lockouts — short-lived security state, meaningless on
another server or at another time (a session restored under a user id that now names
another person would sign the wrong person in) — and what migrations rebuild (content
types, permissions) or Django's admin history.  A restore therefore **logs everyone
out and lifts every login lockout** (``CLEARED_BY_RESTORE`` is emptied in the same
transaction) and says so in its output; django-axes' login log (``axes.accesslog``)
stays as it is on the server.  The file is read with ``bacthang.lib.safejson``
(nesting limited, Vietnamese messages).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from bacthang.lib import safejson

FORMAT = "bacthang-backup/1"
# Short-lived security state: not backed up, emptied by a restore (everyone logged out, lockouts lifted).
CLEARED_BY_RESTORE = ["sessions.session", "axes.accessattemptexpiration", "axes.accessattempt",
                      "axes.accessfailurelog"]
# Not backed up: the above, what migrations rebuild, the admin's history and the axes login log.
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "admin.logentry", "axes.accesslog",
            *CLEARED_BY_RESTORE}
# Far deeper than anything the product writes (the file's 4 levels and a JSON field's own), and
# far below what would exhaust Python's stack.
MAX_DEPTH = 200


class BackupError(Exception):
    pass


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's JSON encoder keeps milliseconds only: a restored audit time would differ
    from the original by its microseconds.  Times are written in full."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def models_in_order():
    """Every concrete model of the product, parents before the models pointing at them."""
    from django.core.serializers import sort_dependencies

    app_list = [(a, None) for a in apps.get_app_configs() if a.models_module is not None]
    ordered = sort_dependencies(app_list, allow_cycles=True)
    return [m for m in ordered if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed]


def backup(path: str | Path, progress: Callable[[str], None] = lambda m: None) -> dict:
    counts = {}
    buf = io.StringIO()
    models = models_in_order()
    buf.write('{"rows": [')
    first = True
    for model in models:
        qs = model._default_manager.order_by("pk")
        n = 0
        for chunk_start in range(0, qs.count(), 5000):
            chunk = list(qs[chunk_start:chunk_start + 5000])
            text = json.dumps(serializers.serialize("python", chunk, use_natural_foreign_keys=True),
                              cls=_FullPrecisionEncoder, ensure_ascii=False)
            inner = text.strip()[1:-1].strip()
            if inner:
                buf.write(("" if first else ",") + inner)
                first = False
            n += len(chunk)
        counts[model._meta.label_lower] = n
        if n:
            progress(f"{model._meta.verbose_name_plural}: {n}")
    buf.write("], ")
    header = {"format": FORMAT, "created": timezone.now().isoformat(), "vendor": connection.vendor,
              "counts": counts}
    buf.write('"header": ' + json.dumps(header, ensure_ascii=False) + "}")
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(buf.getvalue())
    return header


def read(path: str | Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError as e:
        raise BackupError(f"Không tìm thấy tệp sao lưu '{path}'.") from e
    except (OSError, EOFError, UnicodeDecodeError) as e:
        raise BackupError("Tệp sao lưu hỏng hoặc không phải tệp sao lưu Bậc Thang (không giải nén được).") from e
    try:
        data = safejson.loads(text, max_depth=MAX_DEPTH, parse_float=float, allow_constants=True)
    except safejson.JSONError as e:
        raise BackupError(f"Tệp sao lưu hỏng hoặc không phải tệp sao lưu Bậc Thang: {e}") from e
    header = data.get("header") if isinstance(data, dict) else None
    if not header or header.get("format") != FORMAT or not isinstance(data.get("rows"), list):
        raise BackupError("Tệp không phải bản sao lưu Bậc Thang (sai định dạng).")
    return data


def restore(path: str | Path, progress: Callable[[str], None] = lambda m: None) -> dict:
    data = read(path)
    # A backup made before a model was excluded may still hold its rows: they are not restored.
    rows = [r for r in data["rows"] if not (isinstance(r, dict) and str(r.get("model", "")).lower() in EXCLUDED)]
    with transaction.atomic():
        models = models_in_order()
        with connection.constraint_checks_disabled():
            for model in reversed(models):
                model._base_manager.all()._raw_delete(model._base_manager.db)
            objects, deferred = 0, []
            # Saved one by one as they are read: a natural key (a user's name) is looked up
            # when its row is read, so the rows it points to must already be saved.
            for obj in serializers.deserialize("json", json.dumps(rows), handle_forward_references=True):
                obj.save()
                objects += 1
                if obj.deferred_fields:
                    deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields()
            cleared = clear_security_state()
        connection.check_constraints()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(_no_style(), models):
                cursor.execute(sql)
        counts = {m._meta.label_lower: m._base_manager.count() for m in models}
    expected = data["header"]["counts"]
    if any(counts.get(k, 0) != v for k, v in expected.items() if k not in EXCLUDED):
        raise BackupError("Phục hồi không khớp số dòng của bản sao lưu.")
    progress(f"Đã phục hồi {objects} dòng.")
    progress(SECURITY_STATE_NOTE.format(**cleared))
    return data["header"]


SECURITY_STATE_NOTE = ("Phiên đăng nhập và khóa đăng nhập (django-axes) không nằm trong bản sao lưu: mọi người dùng "
                       "đã bị đăng xuất ({sessions} phiên), mọi khóa đăng nhập đã được gỡ ({attempts} lượt ghi nhận).")


def clear_security_state() -> dict:
    """Empty the models of ``CLEARED_BY_RESTORE``: every session (everyone logged out) and
    every failed-login attempt and lockout of django-axes."""
    counts = {}
    for label in CLEARED_BY_RESTORE:
        try:
            model = apps.get_model(label)
        except LookupError:  # the app is not installed
            counts[label] = 0
            continue
        counts[label] = model._base_manager.count()
        model._base_manager.all().delete()
    return {"sessions": counts["sessions.session"], "attempts": counts["axes.accessattempt"]}


def _no_style():
    from django.core.management.color import no_style

    return no_style()



