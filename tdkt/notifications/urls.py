from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_pk>/da-doc/", views.mark_read, name="read"),
    path("da-doc-tat-ca/", views.mark_all_read, name="read_all"),
    path("cai-dat/", views.preferences, name="preferences"),
    path("thu-dien-tu/", views.email_log, name="email_log"),
]
