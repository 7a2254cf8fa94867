from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-excel/", views.export, name="export"),
    path("ho-so/moi/", views.application_new, name="application_new"),
    path("ho-so/<int:pk>/", views.application, name="application"),
    path("ho-so/<int:pk>/sua/", views.application_edit, name="application_edit"),
    path("ho-so/<int:pk>/<slug:step>/", views.step, name="step"),
    path("chinh-sach/", views.policies, name="policies"),
    path("chinh-sach/moi/", views.policy_form, name="policy_new"),
    path("chinh-sach/<int:pk>/sua/", views.policy_form, name="policy_edit"),
    path("chinh-sach/<int:policy_pk>/noi-dung/moi/", views.item_form, name="item_new"),
    path("chinh-sach/<int:policy_pk>/noi-dung/<int:pk>/sua/", views.item_form, name="item_edit"),
    path("vay-von/", views.loans, name="loans"),
    path("vay-von/moi/", views.loan_new, name="loan_new"),
    path("vay-von/<int:pk>/", views.loan, name="loan"),
    path("vay-von/<int:pk>/<slug:step>/", views.loan_step, name="loan_step"),
    path("dia-ban-quan-ly/", views.scopes, name="scopes"),
]
