from django.urls import path

from . import views

app_name = "ruraldev"

urlpatterns = [
    path("", views.index, name="index"),
    path("bo-tieu-chi/<int:pk>/", views.set_detail, name="set"),
    path("ma-tran/<str:unit_code>/", views.matrix, name="matrix"),
    path("ma-tran/<str:unit_code>/xuat-excel/", views.matrix_export, name="matrix_export"),
    path("xa/<str:unit_code>/", views.commune, name="commune"),
    path("xa/<str:unit_code>/danh-gia-moi/", views.evaluation_new, name="evaluation_new"),
    path("xa/<str:unit_code>/cong-nhan/", views.recognition_new, name="recognition_new"),
    path("danh-gia/<int:pk>/", views.evaluation, name="evaluation"),
    path("danh-gia/<int:pk>/luu/", views.evaluation_save, name="evaluation_save"),
    path("danh-gia/<int:pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("danh-gia/<int:pk>/<slug:step>/", views.evaluation_step, name="evaluation_step"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("cong-nhan/<int:pk>/thu-hoi/", views.recognition_withdraw, name="recognition_withdraw"),
]
