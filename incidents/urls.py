from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.index, name="index"),
    path("dich-benh/xuat-excel/", views.export_outbreaks, name="export_outbreaks"),
    path("dich-benh/moi/", views.outbreak_new, name="outbreak_new"),
    path("dich-benh/<int:pk>/", views.outbreak, name="outbreak"),
    path("dich-benh/<int:pk>/sua/", views.outbreak_edit, name="outbreak_edit"),
    path("dich-benh/<int:pk>/het-dich/", views.outbreak_contain, name="outbreak_contain"),
    path("vi-pham-lam-luat/", views.violations, name="violations"),
    path("vi-pham-lam-luat/xuat-excel/", views.export_violations, name="export_violations"),
    path("vi-pham-lam-luat/moi/", views.violation_new, name="violation_new"),
    path("vi-pham-lam-luat/<int:pk>/", views.violation, name="violation"),
    path("vi-pham-lam-luat/<int:pk>/sua/", views.violation_edit, name="violation_edit"),
    path("vi-pham-lam-luat/<int:pk>/xu-ly/", views.violation_handle, name="violation_handle"),
    path("tiem-phong/", views.campaigns, name="campaigns"),
    path("tiem-phong/moi/", views.campaign_new, name="campaign_new"),
    path("tiem-phong/<int:pk>/", views.campaign, name="campaign"),
    path("tiem-phong/don-vi/<int:pk>/", views.campaign_mark, name="campaign_mark"),
]
