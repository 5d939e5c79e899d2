from django.urls import path

from congvu.accounts.views import admin as admin_views
from congvu.accounts.views import auth
from congvu.accounts.views import profile as profile_views
from congvu.accounts.views import requests as request_views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", auth.sign_in, name="login"),
    path("dang-xuat/", auth.sign_out, name="logout"),
    path("doi-mat-khau/", auth.password_change, name="password_change"),
    path("xac-thuc-hai-lop/cai-dat/", auth.otp_setup, name="otp_setup"),
    path("xac-thuc-hai-lop/", auth.otp_verify, name="otp_verify"),
    *profile_views.urlpatterns,
    *admin_views.urlpatterns,
    *request_views.urlpatterns,
]
