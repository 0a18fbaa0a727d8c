"""Contests without login, under /cong-khai/phap-luat/cuoc-thi/: the list and each contest's
rounds and unit ranking (units only, no person's data)."""

from django.urls import path

from . import views

app_name = "contests_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:contest_pk>/", views.public_contest, name="contest"),
]
