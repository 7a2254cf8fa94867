"""The project's URLs plus the example register's pages and API (for its test only)."""

from django.urls import include, path

from api import records as api_records
from bacthang.urls import urlpatterns as project
from records.views import RecordViews

from .register import WATER

VIEWS = RecordViews(WATER, "water")
api = [p for p in api_records.urlpatterns() if str(p.pattern).startswith("example/")]

urlpatterns = [
    path("diem-cap-nuoc/", include((VIEWS.urls(), "water"))),
    path("api-vi-du/", include((api, "api"), namespace="api-example")),
    *project,
]
