from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "tdkt.history"
    label = "history"
    verbose_name = "Hồ sơ thi đua, khen thưởng"
