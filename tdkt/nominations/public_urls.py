"""Public pages (no login), mounted under /cong-khai/khen-thuong/."""

from django.urls import path

from . import views

app_name = "nominations_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:period_pk>/", views.public_period, name="period"),
]
