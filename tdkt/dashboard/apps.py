from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "tdkt.dashboard"
    label = "dashboard"
    verbose_name = "Trang chủ theo vai trò"
