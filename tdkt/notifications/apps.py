from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tdkt.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
