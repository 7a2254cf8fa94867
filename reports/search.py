"""Report kinds in the search box of every page (web/search.py): "bao cao thang" opens the
report page with that kind chosen for the user's home unit."""

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from accounts.scope import home_unit

from .forms import last_month_code
from .models import ReportKind

SEARCH_LABEL = "Báo cáo"
SEARCH_ORDER = 60


def search(user, terms: list[str], limit: int) -> list[dict]:
    from web.catalogue import fold

    unit = home_unit(user)
    periods = {ReportKind.MONTHLY: last_month_code(), ReportKind.PLAN: str(dt.date.today().year),
               ReportKind.REVIEW: str(dt.date.today().year)}
    hits = []
    for kind in ReportKind:
        if all(t in fold(f"{kind.label} bao cao van ban") for t in terms):
            query = {"kind": kind.value, "period": periods[kind], **({"unit": unit.code} if unit else {})}
            hits.append({"label": str(kind.label), "url": f"{reverse('reports:index')}?{urlencode(query)}",
                         "detail": unit.name if unit else ""})
    return hits[: limit + 1]
