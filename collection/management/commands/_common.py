"""Helpers shared by the collection commands."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Unit

from ...models import ReportForm


def get_form(code: str) -> ReportForm:
    form = ReportForm.objects.filter(code=code).select_related("root_unit").first()
    if form is None:
        raise CommandError(f"Không có biểu '{code}'. Xem danh sách: manage.py list_forms")
    return form


def get_unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(f"Đơn vị '{code}' không tồn tại (mã dạng 12, 12.105, 12.105.03409).")
    return unit


def get_period(code: str) -> Period:
    try:
        return Period.objects.for_code(code)
    except PeriodCodeError as e:
        raise CommandError(str(e)) from e


def get_user(username: str):
    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as e:
        raise CommandError(f"Không có người dùng '{username}'.") from e
