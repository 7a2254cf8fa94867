"""Security headers Django does not set by itself."""

from __future__ import annotations

# Everything is served by the application itself (no CDN): scripts, styles, images and
# fonts only from this origin.  Inline styles are allowed for chart sizes; inline
# scripts are not needed by the pages but templates may pass JSON in <script> tags
# of type application/json, which CSP does not execute.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self' 'unsafe-inline'; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
