from django.urls import path

from . import views

app_name = "legacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/xac-nhan-nhieu/", views.bulk_confirm, name="bulk_confirm"),
    path("so-lieu/<int:pk>/xac-nhan/", views.confirm, name="confirm"),
    path("so-lieu/<int:pk>/bo-qua/", views.discard, name="discard"),
]
