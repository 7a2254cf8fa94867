"""``/api/dhis2/trao-doi``: the DHIS2 exchange page of a signed-in user.

* Upload a dataValueSets file — JSON, CSV or ADX, plain or compressed (.gz, .zip) —
  for one DHIS2 instance, with "chỉ kiểm tra" (dry run); the answer is the Vietnamese
  summary, every conflict with its line (CSV) or position, and DHIS2's ImportSummary.
  The values are written for the signed-in user through the one write path (scope,
  validation, audit with the channel "import").  Only roles that write values upload.
* Export forms per instance: the mapped units in the user's scope, a period, the
  format — they call ``GET /api/dhis2/dataValueSets`` (the browser session signs the
  request); links to the metadata export and, for those who may, the mapping admin.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.admin_access import is_province_officer
from accounts.scope import WRITE_ROLES, is_admin, readable_units, role_of
from audit.models import Channel
from bacthang.lib.importing import MAX_BYTES

from .dhis2_formats import FORMAT_NAMES, FileRefused, read_document
from .dhis2_views import run_import, summary_answer
from .models import Dhis2Instance, Kind


@login_required
def exchange_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    may_import = role_of(user) in WRITE_ROLES
    instances = list(Dhis2Instance.objects.order_by("name"))
    context: dict = {"may_import": may_import, "instances": instances, "errors": [], "result": None,
                     "breadcrumbs": [{"label": "Trao đổi số liệu với DHIS2", "url": None}]}
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied("Vai trò của bạn chỉ được xem, không được nhập số liệu.")
        _upload(request, instances, context)
    readable = None if is_admin(user) else readable_units(user)
    for inst in instances:
        units = inst.mappings.filter(kind=Kind.ORG_UNIT).select_related("unit").order_by("unit__code")
        if readable is not None:
            units = units.filter(unit__in=readable)
        inst.export_units = list(units)
    context["mapping_admin"] = user.is_staff and (is_province_officer(request)
                                                  or user.has_perm("api.view_dhis2mapping"))
    # A refused file is shown on the page with 200: under /api/ an HTML answer of 400 would be
    # replaced by the API's JSON error (bacthang.middleware).
    return render(request, "api/dhis2_exchange.html", context)


def _upload(request, instances, context) -> None:
    errors = context["errors"]
    inst = next((i for i in instances if i.name == request.POST.get("instance")), None)
    f = request.FILES.get("file")
    dry_run = bool(request.POST.get("dry_run"))
    context["dry_run"] = dry_run
    if inst is None:
        errors.append("Chọn máy chủ DHIS2." if instances else
                      "Chưa khai báo máy chủ DHIS2 nào (trang quản trị → Máy chủ DHIS2).")
    if f is None:
        errors.append("Chọn tệp để tải lên.")
    if errors:
        return
    context["filename"] = f.name
    data = f.read(MAX_BYTES + 1)
    try:
        if len(data) > MAX_BYTES:
            raise FileRefused(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
        parsed = read_document(data, name=f.name)
    except FileRefused as e:
        errors.append(f"Tệp '{f.name}' bị từ chối: {e}")
        return
    summary, problems = run_import(parsed.document, inst, request.user, channel=Channel.IMPORT, dry_run=dry_run,
                                   reason=f"DHIS2 {inst.name}: tải lên tệp {f.name}"[:255])
    body, _status = summary_answer(summary, problems, dry_run)
    rows = []
    for p in problems:
        where = parsed.where(p.index)
        rows.append({"where": where[:1].upper() + where[1:], "field": p.field, "message": p.message})
    context["result"] = {"body": body, "json": json.dumps(body, ensure_ascii=False, indent=1),
                         "format": FORMAT_NAMES[parsed.format], "compression": parsed.compression,
                         "instance": inst, "problems": rows, "ok": not problems}
