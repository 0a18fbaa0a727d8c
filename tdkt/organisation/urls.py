from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:unit_code>/", views.unit_detail, name="unit"),
    path("<str:unit_code>/cay/", views.tree_children, name="tree_children"),
    path("<str:unit_code>/the-thuc-van-ban/", views.identity_edit, name="identity_edit"),
]
