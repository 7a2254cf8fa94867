"""The user guide (``/huong-dan/``): a short Vietnamese guide per role, the reader's own role
first.  The pictures are the screenshots of ``scripts/screenshots.py`` (copied to
``static/help/``); a picture not made yet is left out, never a broken image."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404
from django.shortcuts import render

from accounts.models import Role
from accounts.scope import role_of

# slug in the address → (role, title)
GUIDES = {
    "xa": (Role.COMMUNE_OFFICER, "Cán bộ xã, phường"),
    "huyen": (Role.DISTRICT_OFFICER, "Cán bộ huyện, thành phố"),
    "tinh": (Role.PROVINCE_OFFICER, "Cán bộ Sở Nông nghiệp tỉnh"),
    "lanh-dao": (Role.LEADER, "Lãnh đạo (chỉ xem)"),
    "quan-tri": (Role.ADMIN, "Quản trị hệ thống"),
}
PICTURES = ["dashboard-desktop.png", "data-entry-desktop.png", "commune-table-desktop.png", "search-desktop.png",
            "sorted-list-desktop.png", "progress-desktop.png"]


def _pictures() -> dict[str, str]:
    """name without extension and dashes → static path, for the pictures that exist."""
    return {name.removesuffix("-desktop.png").replace("-", "_"): f"help/{name}" for name in PICTURES
            if finders.find(f"help/{name}")}


def slug_for(role) -> str:
    return next((slug for slug, (r, _) in GUIDES.items() if r == role), "lanh-dao")


@login_required
def guide(request, slug: str | None = None):
    if slug is None:
        slug = slug_for(role_of(request.user))
    if slug not in GUIDES:
        raise Http404("Không có hướng dẫn này.")
    role, title = GUIDES[slug]
    return render(request, "web/help/guide.html", {
        "slug": slug, "title": title, "guide_template": f"web/help/{slug}.html", "pictures": _pictures(),
        "guides": [(s, t) for s, (_, t) in GUIDES.items()], "own": slug_for(role_of(request.user)),
        "breadcrumbs": [{"label": "Hướng dẫn sử dụng", "url": "/huong-dan/"}, {"label": title, "url": ""}],
    })
