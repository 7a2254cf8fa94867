from django.urls import path

from . import views

app_name = "capital"

urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-excel/", views.export, name="export"),
    path("so-lieu/", views.entries, name="entries"),
    path("ke-hoach/moi/", views.plan_new, name="plan_new"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("giai-ngan/moi/", views.disbursement_new, name="disbursement_new"),
    path("giai-ngan/<int:pk>/sua/", views.disbursement_edit, name="disbursement_edit"),
    path("<slug:kind>/<int:pk>/", views.entry, name="entry"),
    path("<slug:kind>/<int:pk>/xoa/", views.entry_delete, name="entry_delete"),
]
