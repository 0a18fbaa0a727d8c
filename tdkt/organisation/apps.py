from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "tdkt.organisation"
    label = "organisation"
    verbose_name = "Tổ chức"
