from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("", views.due_list, name="due_list"),
    path("ra-soat/", views.sweep_start, name="sweep_start"),
    path("ra-soat/<int:sweep_pk>/", views.sweep_detail, name="sweep"),
    path("ra-soat/<int:sweep_pk>/chay-lai/", views.sweep_retry, name="sweep_retry"),
    path("can-bo/<int:person_pk>/", views.person_check, name="person_check"),
    path("don-vi/<str:unit_code>/", views.unit_check, name="unit_check"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("danh-muc/them/", views.catalogue_add, name="catalogue_add"),
    path("danh-muc/cach-hieu/", views.catalogue_interpretations, name="catalogue_interpretations"),
]
