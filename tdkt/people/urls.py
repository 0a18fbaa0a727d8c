from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("<int:person_pk>/", views.person_detail, name="detail"),
    path("<int:person_pk>/sua/", views.person_edit, name="edit"),
    path("<int:person_pk>/dieu-chuyen/", views.person_move, name="move"),
]
