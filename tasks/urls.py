from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-excel/", views.export, name="export"),
    path("nhap-tep/", views.import_page, name="import"),
    path("mau-nhap/", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cap-nhat/", views.update, name="update"),
    path("minh-chung/<int:pk>/", views.evidence, name="evidence"),
]
