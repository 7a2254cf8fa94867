from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from . import help, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tong-quan/", views.dashboard_home, name="dashboard_home"),
    path("tong-quan/<str:unit_code>/", views.dashboard, name="dashboard"),
    path("danh-muc-chi-tieu/", views.catalogue, name="catalogue"),
    # The catalogue's former address (bookmarks, printed guides).
    path("chi-tieu/", login_required(RedirectView.as_view(pattern_name="web:catalogue", query_string=True)),
         name="catalogue_old"),
    path("chi-tieu/<str:code>/<str:unit_code>/", views.indicator, name="indicator"),
    path("tim-kiem/", views.search, name="search"),
    path("huong-dan/", help.guide, name="help"),
    path("huong-dan/<str:slug>/", help.guide, name="help_role"),
    path("bang-xa/", views.commune_table_home, name="commune_table_home"),
    path("bang-xa/<str:unit_code>/", views.commune_table, name="commune_table"),
    path("bang-xa/<str:unit_code>/excel/", views.commune_table_xlsx, name="commune_table_xlsx"),
]
