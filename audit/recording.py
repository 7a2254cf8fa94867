"""Audit rows for records (registry entries, support applications, capital lines,
works, incidents): the same trail as data values, written by each app's ``do_*``
actions in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from bacthang.lib.numbers import format_plain

from .models import Action, AuditEntry


def _jsonable(value):
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of a record, as JSON-able data (foreign keys by id)."""
    out = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        out[f.attname] = _jsonable(getattr(obj, f.attname))
    return out


def log_change(*, user, channel: str, action: str, obj: models.Model, old: dict | None, new: dict | None,
               unit_code: str = "", reason: str = "") -> AuditEntry | None:
    """Write one audit row; nothing when an update changed nothing."""
    if action == Action.UPDATE and old == new:
        return None
    user_id = user.pk if user is not None and getattr(user, "pk", None) else None
    return AuditEntry.objects.create(
        user_id=user_id, username=user.get_username() if user_id else "", channel=channel, action=action,
        object_type=obj._meta.label_lower, object_id=obj.pk, unit_code=unit_code, old=old, new=new,
        reason=reason[:255],
    )
