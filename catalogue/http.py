"""What every public page and file of the catalogue shares: the rate limit and caching headers.

Rate limit (anonymous visitors only; signed-in users are not counted): at most
``settings.CATALOGUE_RATE_LIMIT`` requests (default 120) per client address
(``REMOTE_ADDR``; behind a proxy set it from the proxy's header there) in each fixed
60-second window, counted in Django's default cache.  Over it the answer is 429 with
``Retry-After`` and a Vietnamese page.  With the default local-memory cache the count
is per server process; point ``CACHES`` at a shared cache (Redis, Memcached, the
database) to count across processes.

Caching: pages ``Cache-Control: public, max-age=300`` (five minutes: a revocation
shows within that time), QR codes, label sheets and photos one hour, open data files
ten minutes.  The public templates use no session, no CSRF token and no cookie, so a
shared cache may keep them.
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

WINDOW_SECONDS = 60
DEFAULT_LIMIT = 120
PAGE_MAX_AGE, FILE_MAX_AGE, DATA_MAX_AGE = 300, 3600, 600


def limit() -> int:
    return int(getattr(settings, "CATALOGUE_RATE_LIMIT", DEFAULT_LIMIT))


def over_limit(request) -> bool:
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    window = int(time.time() // WINDOW_SECONDS)
    key = f"catalogue:rl:{request.META.get('REMOTE_ADDR', '')}:{window}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS + 1):
        return limit() < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS + 1)
        count = 1
    return count > limit()


def public(max_age: int = PAGE_MAX_AGE):
    """Decorator of a public view: rate limit, GET/HEAD only, caching headers on success."""

    def wrap(view):
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                response = render(request, "catalogue/error.html", {
                    "title": _("Phương thức không được hỗ trợ"),
                    "sentence": _("Trang danh mục công khai chỉ để xem.")}, status=405)
                response["Allow"] = "GET, HEAD"
                return response
            if over_limit(request):
                response = render(request, "catalogue/error.html", {
                    "title": _("Quá nhiều yêu cầu"),
                    "sentence": _("Bạn đã mở quá nhiều trang trong một phút. Xin đợi một phút rồi thử lại.")},
                    status=429)
                response["Retry-After"] = str(WINDOW_SECONDS)
                patch_cache_control(response, no_store=True)
                return response
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = render(request, "catalogue/error.html", {
                    "title": _("Không tìm thấy"),
                    "sentence": _("Không có sản phẩm công khai nào ở địa chỉ này.")}, status=404)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age)
            elif response.status_code in (301, 302):
                patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
            else:
                patch_cache_control(response, no_cache=True)
            return response

        return inner

    return wrap
