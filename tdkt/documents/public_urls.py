"""Public pages (no login), mounted under /cong-khai/."""

from django.urls import path  # noqa: F401

app_name = "documents_public"
urlpatterns: list = []
