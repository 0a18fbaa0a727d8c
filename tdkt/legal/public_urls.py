"""The same texts, read-only without login, under /cong-khai/phap-luat/."""

from django.urls import path

from . import views

app_name = "legal_public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.document, name="document"),
]
