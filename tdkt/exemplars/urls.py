from django.urls import path

from . import views

app_name = "exemplars"

urlpatterns = [
    path("", views.index, name="index"),
    path("de-xuat/", views.create, name="create"),
    path("goi-y/", views.suggestions, name="suggestions"),
    path("<int:exemplar_pk>/", views.detail, name="detail"),
    path("<int:exemplar_pk>/xu-ly/", views.decide, name="decide"),
    path("<int:exemplar_pk>/chuyen-giai-doan/", views.advance, name="advance"),
    path("<int:exemplar_pk>/cong-bo/", views.publish, name="publish"),
    path("<int:exemplar_pk>/boi-duong/", views.foster, name="foster"),
]
