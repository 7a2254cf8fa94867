"""Backup and restore of every value, record, user and audit row, on SQLite and PostgreSQL.

A backup is a gzip file holding one JSON document: a header (format, product version,
time, database vendor, row counts per model) and the rows of every model of the
product, serialised by Django with natural foreign keys for content types and
permissions, so a backup taken on SQLite restores on PostgreSQL and back.

Restoring replaces the whole database content inside one transaction: either the
backup is in the database afterwards, exactly, or nothing changed.  Audit rows are
restored as they were (the audit trail cannot be edited, but it is part of the backup).
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

FORMAT = "bacthang-backup/1"
# Rebuilt by migrations or irrelevant to the data: not backed up.
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry",
            "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


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
            data = json.load(f)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BackupError(f"Tệp sao lưu hỏng hoặc không phải tệp sao lưu Bậc Thang ({type(e).__name__}).") from e
    header = data.get("header") if isinstance(data, dict) else None
    if not header or header.get("format") != FORMAT or not isinstance(data.get("rows"), list):
        raise BackupError("Tệp không phải bản sao lưu Bậc Thang (sai định dạng).")
    return data


def restore(path: str | Path, progress: Callable[[str], None] = lambda m: None) -> dict:
    data = read(path)
    rows = data["rows"]
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
        connection.check_constraints()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(_no_style(), models):
                cursor.execute(sql)
        counts = {m._meta.label_lower: m._base_manager.count() for m in models}
    expected = data["header"]["counts"]
    if any(counts.get(k, 0) != v for k, v in expected.items()):
        raise BackupError("Phục hồi không khớp số dòng của bản sao lưu.")
    progress(f"Đã phục hồi {objects} dòng.")
    return data["header"]


def _no_style():
    from django.core.management.color import no_style

    return no_style()



