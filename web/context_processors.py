from accounts.scope import role_of

from .nav import entries_for


def navigation(request):
    role = role_of(request.user)
    items = []
    for entry in entries_for(role):
        url = entry.url()
        if url:
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": entry.label, "url": url, "active": active})
    return {"nav_items": items, "user_role": role}
