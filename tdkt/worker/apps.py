from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "tdkt.worker"
    label = "worker"
    verbose_name = "Tiến trình nền"
