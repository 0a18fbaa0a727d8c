from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "tdkt.inspections"
    verbose_name = "Kiểm tra công tác thi đua, khen thưởng"
