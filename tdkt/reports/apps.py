from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tdkt.reports"
    verbose_name = "Báo cáo sơ kết, tổng kết và thống kê"
