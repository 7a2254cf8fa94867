from django.urls import path, register_converter

from ruraldev import api as ruraldev_api

from . import dhis2_pages, dhis2_views, docs, records, registry_workflows, sync, token_page, views

app_name = "api"


class AnyText:
    """Any non-empty path segment: malformed codes and ids reach the view and get a
    Vietnamese 404 from the API instead of Django's HTML one."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class AnyPath(AnyText):
    """Like AnyText but slashes too: programme codes such as 05-NQ/TU."""

    regex = r"[\s\S]+"


register_converter(AnyText, "anytext")
register_converter(AnyPath, "anypath")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("schema", docs.SchemaView.as_view(), name="schema"),
    path("docs", docs.docs, name="docs"),
    path("ma-truy-cap", token_page.token_page, name="token"),
    path("units", views.UnitListView.as_view(), name="units"),
    path("units/<anytext:code>", views.UnitDetailView.as_view(), name="unit"),
    path("unit-successions", views.UnitSuccessionListView.as_view(), name="unit-successions"),
    path("indicators", views.IndicatorListView.as_view(), name="indicators"),
    path("indicators/<anytext:code>", views.IndicatorDetailView.as_view(), name="indicator"),
    path("periods", views.PeriodListView.as_view(), name="periods"),
    path("periods/<anytext:code>", views.PeriodDetailView.as_view(), name="period"),
    path("programmes", views.ProgrammeListView.as_view(), name="programmes"),
    path("programmes/<anypath:code>", views.ProgrammeDetailView.as_view(), name="programme"),
    path("targets", views.TargetListView.as_view(), name="targets"),
    path("datavalues", views.DataValueListView.as_view(), name="datavalues"),
    path("datavalues/bulk", views.DataValueBulkView.as_view(), name="datavalues-bulk"),
    path("rollup", views.RollupView.as_view(), name="rollup"),
    path("sync", sync.SyncView.as_view(), name="sync"),
    path("progress", views.ProgressView.as_view(), name="progress"),
    path("dhis2/dataValueSets", dhis2_views.DataValueSetsView.as_view(), name="dhis2-datavaluesets"),
    path("dhis2/metadata", dhis2_views.MetadataView.as_view(), name="dhis2-metadata"),
    path("dhis2/trao-doi", dhis2_pages.exchange_page, name="dhis2-exchange"),
    *records.urlpatterns(),
    *registry_workflows.urlpatterns(),
    *ruraldev_api.urlpatterns(),
]
