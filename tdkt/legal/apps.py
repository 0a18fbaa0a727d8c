from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "tdkt.legal"
    label = "legal"
    verbose_name = "Văn bản pháp luật"
