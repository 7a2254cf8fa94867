from accounts.models import Role
from accounts.scope import role_of

from .nav import entries_for

# The roles whose work uses the API (exchanges with DHIS2 and other systems, scripts): the
# "Mã API" link is shown to them only.  A commune officer or a leader works in the pages.
API_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER}


def navigation(request):
    """The main menu for the user's role; the entry whose URL is the longest prefix of the
    current page is marked current (so /so-dang-ky/het-han/ lights one entry only)."""
    role = role_of(request.user)
    items = []
    for entry in entries_for(role):
        url = entry.url()
        if url:
            items.append({"label": entry.label, "url": url, "active": False})
    matches = [i for i in items if (request.path == i["url"] if i["url"] == "/" else request.path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items, "user_role": role, "shows_api_link": role in API_ROLES}
