from django.urls import path

from . import views

app_name = "registries"

urlpatterns = [
    path("", views.index, name="index"),
    path("het-han/", views.expiring, name="expiring"),
    path("ocop/<int:pk>/de-xuat/", views.ocop_propose, name="ocop_propose"),
    path("ocop/<int:pk>/danh-gia/<int:evaluation>/", views.ocop_evaluate, name="ocop_evaluate"),
    path("htx/<int:pk>/so-lieu-nam/", views.coop_year, name="coop_year"),
    path("<slug:registry>/", views.record_list, name="list"),
    path("<slug:registry>/them/", views.record_create, name="create"),
    path("<slug:registry>/mau-nhap.xlsx", views.import_template, name="template"),
    path("<slug:registry>/nhap/", views.import_file, name="import"),
    path("<slug:registry>/xuat.xlsx", views.export_file, name="export"),
    path("<slug:registry>/<int:pk>/", views.record_detail, name="detail"),
    path("<slug:registry>/<int:pk>/sua/", views.record_edit, name="edit"),
    path("<slug:registry>/<int:pk>/thu-hoi/", views.record_end, name="end"),
]
