"""``/api/ma-truy-cap``: a signed-in user creates, replaces or revokes their own API token.

The token is shown once, right after it is made (like a password; only Django's
stored copy remains).  It carries exactly the user's role and territory
(``api.base``), so a commune officer's token reads and writes their commune only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from rest_framework.authtoken.models import Token

from audit.models import Action, AuditEntry, Channel


@login_required
def token_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    token = Token.objects.filter(user=user).first()
    shown = None
    if request.method == "POST":
        what = request.POST.get("action")
        if what == "create":
            if token is not None:
                token.delete()
            token = Token.objects.create(user=user)
            shown = token.key
            _log(user, "Tạo mã truy cập API mới (mã cũ, nếu có, hết hiệu lực).")
        elif what == "revoke" and token is not None:
            token.delete()
            token = None
            _log(user, "Thu hồi mã truy cập API.")
            messages.success(request, "Đã thu hồi mã truy cập; các chương trình dùng mã này không còn truy cập được.")
            return redirect("api:token")
    return render(request, "api/token.html", {
        "token": token, "shown": shown,
        "breadcrumbs": [{"label": "Trang chủ", "url": "/"}, {"label": "Mã truy cập API", "url": None}],
    })


def _log(user, reason: str) -> None:
    AuditEntry.objects.create(user=user, username=user.get_username(), channel=Channel.FORM, action=Action.UPDATE,
                              object_type="api.token", object_id=user.pk, reason=reason)
