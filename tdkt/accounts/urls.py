from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.my_account, name="me"),
    path("quan-tri/tai-khoan/", views.user_list, name="users"),
    path("quan-tri/tai-khoan/them/", views.user_create, name="user_create"),
    path("quan-tri/tai-khoan/<int:user_pk>/", views.user_detail, name="user_detail"),
    path("quan-tri/phan-quyen/<int:assignment_pk>/thu-hoi/", views.role_revoke, name="role_revoke"),
]
