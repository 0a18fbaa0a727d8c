from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "tdkt.contests"
    label = "contests"
    verbose_name = "Cuộc thi tìm hiểu pháp luật"
