from django.urls import path

from . import views

app_name = "works"

urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-excel/", views.export, name="export"),
    path("moi/", views.work_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.work_edit, name="edit"),
    path("<int:pk>/<slug:step>/", views.step, name="step"),
]
