from django.urls import path

from . import views

app_name = "maps"

urlpatterns = [
    path("<str:unit_code>/", views.unit_map, name="unit"),
]
