"""The audit trail in the UI: read, filter and export — never edit."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.scope import is_admin, readable_units
from bacthang.lib.xlsx import workbook_bytes

from .models import Action, AuditEntry, Channel
from .presenting import present

EXPORT_LIMIT = 100_000


def _scoped(user):
    qs = AuditEntry.objects.all()
    if is_admin(user):
        return qs
    codes = list(readable_units(user).values_list("code", flat=True))
    return qs.filter(unit_code__in=codes)


def _filtered(request: HttpRequest):
    qs = _scoped(request.user)
    f = {k: request.GET.get(k, "").strip() for k in
         ("unit", "indicator", "option", "period", "user", "action", "channel", "from", "to", "type")}
    if f["unit"]:
        qs = qs.filter(Q(unit_code=f["unit"]) | Q(unit_code__startswith=f["unit"] + "."))
    if f["indicator"]:
        qs = qs.filter(indicator_code=f["indicator"].upper())
    if f["option"]:
        qs = qs.filter(option_code=f["option"].upper())
    if f["period"]:
        qs = qs.filter(period_code=f["period"].upper())
    if f["user"]:
        qs = qs.filter(username=f["user"])
    if f["action"] in Action.values:
        qs = qs.filter(action=f["action"])
    if f["channel"] in Channel.values:
        qs = qs.filter(channel=f["channel"])
    if f["type"]:
        qs = qs.filter(object_type=f["type"])
    for key, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        if f[key]:
            try:
                qs = qs.filter(**{lookup: dt.date.fromisoformat(f[key])})
            except ValueError:
                pass
    return qs.order_by("-at", "-id"), f


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    qs, f = _filtered(request)
    if request.GET.get("format") == "xlsx":
        rows = []
        entries = list(qs[:EXPORT_LIMIT])
        for start in range(0, len(entries), 1000):
            for p in present(entries[start:start + 1000]):
                e = p.entry
                rows.append([e.at.astimezone().strftime("%d/%m/%Y %H:%M:%S"), e.username, e.get_channel_display(),
                             e.get_action_display(), p.what, e.indicator_code, e.option_code, e.unit_code,
                             e.period_code, p.old_text, p.new_text, e.reason])
        data = workbook_bytes([("Nhật ký", ["Thời điểm", "Người thực hiện", "Kênh", "Thao tác", "Đối tượng", "Chỉ tiêu",
                                            "Nhóm", "Đơn vị", "Kỳ", "Giá trị cũ", "Giá trị mới", "Lý do"], rows)])
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="nhat-ky-thay-doi.xlsx"'
        return response
    from web.listing import sort_and_page

    listing = sort_and_page(request, qs, {
        "at": ("Thời điểm", "at"), "user": ("Người", "username"), "channel": ("Kênh", "channel"),
        "action": ("Thao tác", "action"), "what": ("Đối tượng", None), "old": ("Cũ", None), "new": ("Mới", None),
        "reason": ("Lý do", "reason")}, default="-at", per_page=50)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "audit/list.html", {
        "listing": listing, "page": listing.page, "f": f, "query": query.urlencode(), "actions": Action.choices,
        "channels": Channel.choices, "entries": present(list(listing.items)),
        "breadcrumbs": [{"label": "Nhật ký thay đổi", "url": ""}],
    })
