"""Public pages (no login), mounted under /cong-khai/van-ban/."""

from django.urls import path

from . import views

app_name = "documents_public"
urlpatterns = [
    path("xac-minh/", views.verify_lookup, name="lookup"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
]
