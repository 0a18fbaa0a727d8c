from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("lap-bao-cao/", views.generate, name="generate"),
    path("dot/moi/", views.call_new, name="call_new"),
    path("dot/<int:call_pk>/", views.call_detail, name="call"),
    path("dot/<int:call_pk>/nhac/", views.call_remind, name="call_remind"),
    path("dot/<int:call_pk>/tong-hop/", views.call_consolidate, name="call_consolidate"),
    path("don-vi/<int:report_pk>/gui/", views.report_send, name="report_send"),
    path("don-vi/<int:report_pk>/tep/", views.report_file, name="report_file"),
    path("don-vi/<int:report_pk>/du-thao/", views.report_draft, name="report_draft"),
]
