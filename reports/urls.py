from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("noi-dung/", views.texts, name="texts"),
    path("soan-thao/", views.draft, name="draft"),
    path("da-ban-hanh/", views.issued_list, name="issued_list"),
    path("da-ban-hanh/<int:pk>/", views.issued_detail, name="issued_detail"),
    path("da-ban-hanh/<int:pk>/tai-ve/", views.issued_download, name="issued_download"),
    path("mau/", views.templates, name="templates"),
    path("mau/<str:kind>/tai-len/", views.template_upload, name="template_upload"),
    path("mau/<str:kind>/khoi-phuc/", views.template_reset, name="template_reset"),
    path("mau/<str:kind>/<str:which>/", views.template_download, name="template_download"),
]
