from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.index, name="index"),
    path("nhap/", views.import_document, name="import"),
    path("<slug:code>/", views.document, name="document"),
]
