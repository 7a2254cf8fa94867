"""Security headers Django does not set by itself, and JSON errors under /api/.

``SecurityHeadersMiddleware`` (in ``settings.MIDDLEWARE`` after the CSRF middleware)
also makes sure an error answered under ``/api/`` is the API's JSON with a Vietnamese
message.  The API's own views answer their errors through ``api.base.exception_handler``
and Django's error views are replaced for /api/ in ``bacthang.urls``
(``handler400/403/404/500``); what is left is an HTML error page Django makes without
those — the CSRF failure page of the signed-in token page, a bare 405.  With DEBUG on
Django's technical pages are kept for the developer.
"""

from __future__ import annotations

from django.conf import settings

# Everything is served by the application itself (no CDN): scripts, styles, images and
# fonts only from this origin.  Inline styles are allowed for chart sizes; inline
# scripts are not needed by the pages but templates may pass JSON in <script> tags
# of type application/json, which CSP does not execute.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self' 'unsafe-inline'; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

API_FORBIDDEN = ("Yêu cầu bị từ chối: bạn không có quyền, hoặc phiên đăng nhập đã hết hạn "
                 "(mã chống giả mạo CSRF không khớp) — tải lại trang rồi thử lại.")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response = api_json_error(request, response)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def api_json_error(request, response):
    """An HTML error page made by Django for a URL under /api/ → the API's JSON error."""
    from api.base import is_api_path, json_error

    if (response.status_code < 400 or settings.DEBUG or not is_api_path(request)
            or hasattr(response, "accepted_renderer")  # DRF's answer (JSON, or the browsable page)
            or not response.get("Content-Type", "").startswith("text/html")):
        return response
    detail = API_FORBIDDEN if response.status_code == 403 else None
    out = json_error(response.status_code, detail)
    if response.has_header("Allow"):
        out["Allow"] = response["Allow"]
    return out
