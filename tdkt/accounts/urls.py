from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.my_account, name="me"),
    path("tai-khoan/xac-thuc/", views.mfa_verify, name="mfa_verify"),
    path("tai-khoan/xac-thuc/dang-ky/", views.mfa_enrol, name="mfa_enrol"),
    path("quan-tri/tai-khoan/bi-khoa/", views.lockouts, name="lockouts"),
    path("quan-tri/tai-khoan/bi-khoa/mo-khoa/", views.unlock, name="unlock"),
    path("quan-tri/tai-khoan/", views.user_list, name="users"),
    path("quan-tri/tai-khoan/them/", views.user_create, name="user_create"),
    path("quan-tri/tai-khoan/<int:user_pk>/", views.user_detail, name="user_detail"),
    path(
        "quan-tri/tai-khoan/<int:user_pk>/dat-lai-xac-thuc/", views.mfa_reset, name="mfa_reset"
    ),
    path("quan-tri/phan-quyen/<int:assignment_pk>/thu-hoi/", views.role_revoke, name="role_revoke"),
]
