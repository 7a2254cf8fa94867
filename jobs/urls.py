from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("nhap-so-lieu/", views.import_values, name="import_values"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/trang-thai/", views.status, name="status"),
    path("<int:pk>/ket-qua/", views.result, name="result"),
]
