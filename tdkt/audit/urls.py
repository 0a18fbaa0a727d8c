from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.action_list, name="list"),
    path("nguoi-dung/<int:user_pk>/", views.actions_by_user, name="by_user"),
    path("doi-tuong/<str:target_type>/<str:target_id>/", views.actions_by_object, name="by_object"),
]
