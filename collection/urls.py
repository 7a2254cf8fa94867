from django.urls import path

from . import views

app_name = "collection"

urlpatterns = [
    path("", views.index, name="index"),
    path("chon/", views.go, name="go"),
    path("tai-len/", views.upload, name="upload"),
    path("kiem-tra/", views.validation, name="validation"),
    path("tien-do/", views.progress, name="progress"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("chua-gui/", views.pending, name="pending"),
    path("bieu-mau/<str:form_code>/<str:unit_code>/<str:period_code>.xlsx", views.template, name="template"),
    path("<str:form_code>/<str:unit_code>/<str:period_code>/", views.entry, name="entry"),
]
