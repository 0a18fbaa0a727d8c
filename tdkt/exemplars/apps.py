from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "tdkt.exemplars"
    verbose_name = "Điển hình tiên tiến"
