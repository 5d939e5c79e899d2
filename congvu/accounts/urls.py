from django.urls import path

from congvu.accounts.views import auth

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", auth.sign_in, name="login"),
    path("dang-xuat/", auth.sign_out, name="logout"),
    path("doi-mat-khau/", auth.password_change, name="password_change"),
    path("xac-thuc-hai-lop/cai-dat/", auth.otp_setup, name="otp_setup"),
    path("xac-thuc-hai-lop/", auth.otp_verify, name="otp_verify"),
]

# Filled in below by the account screens.
from congvu.accounts.views import profile, requests  # noqa: E402

urlpatterns += [
    path("ho-so/", profile.profile, name="profile"),
    path("de-nghi/", requests.request_list, name="request_list"),
]
