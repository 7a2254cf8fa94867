from django.urls import path

from . import views

app_name = "catalogue"

# Permanent addresses: printed QR codes point here, so these paths never change.
urlpatterns = [
    path("", views.product_list, name="list"),
    path("sp/<str:public_id>/", views.product_detail, name="product"),
    path("sp/<str:public_id>/qr.png", views.product_qr_png, name="product_qr_png"),
    path("sp/<str:public_id>/qr.svg", views.product_qr_svg, name="product_qr_svg"),
    path("sp/<str:public_id>/nhan-qr.pdf", views.product_labels, name="product_labels"),
    path("sp/<str:public_id>/anh/<int:photo_id>/", views.photo, name="photo"),
    path("lo/<str:public_id>/", views.batch_detail, name="batch"),
    path("lo/<str:public_id>/qr.png", views.batch_qr_png, name="batch_qr_png"),
    path("lo/<str:public_id>/qr.svg", views.batch_qr_svg, name="batch_qr_svg"),
    path("lo/<str:public_id>/nhan-qr.pdf", views.batch_labels, name="batch_labels"),
    path("du-lieu/san-pham-ocop.csv", views.open_data_csv, name="open_data_csv"),
    path("du-lieu/san-pham-ocop.json", views.open_data_json, name="open_data_json"),
    # GS1 Digital Link (GTIN-14, optionally a lot): resolved to the product's or batch's page.
    path("01/<str:gtin>", views.digital_link, name="digital_link"),
    path("01/<str:gtin>/10/<str:lot>", views.digital_link, name="digital_link_lot"),
]
