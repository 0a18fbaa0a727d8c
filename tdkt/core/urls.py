from django.urls import path

from tdkt.dashboard import views as dashboard_views

from . import views

app_name = "core"
urlpatterns = [
    path("", dashboard_views.home, name="home"),  # the home page per role (tdkt.dashboard)
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("tim-kiem/", views.search, name="search"),
    path("cong-khai/", views.public_home, name="public_home"),
]
