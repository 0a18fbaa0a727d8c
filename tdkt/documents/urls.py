from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("quyet-dinh/<int:doc_decision_pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:doc_decision_pk>/quyet-dinh.docx", views.decision_docx,
         name="decision_docx"),
    path("quyet-dinh/<int:doc_decision_pk>/quyet-dinh.pdf", views.decision_pdf,
         name="decision_pdf"),
    path("quyet-dinh/<int:doc_decision_pk>/bang-khen.pdf", views.decision_certificates,
         name="decision_certificates"),
    path("quyet-dinh/<int:doc_decision_pk>/tao-hang-loat/", views.decision_job,
         name="decision_job"),
    path("khen-thuong/<int:doc_awardee_pk>/bang-khen.pdf", views.awardee_certificate,
         name="awardee_certificate"),
    path("tac-vu/<int:gen_job_pk>/", views.job_detail, name="job"),
    path("tac-vu/<int:gen_job_pk>/tai-ve/", views.job_download, name="job_download"),
    path("tac-vu/<int:gen_job_pk>/chay-lai/", views.job_retry, name="job_retry"),
    path("to-trinh/<int:doc_submission_pk>/to-trinh.docx", views.submission_docx,
         name="submission_docx"),
    path("bien-ban/<int:doc_meeting_pk>/bien-ban.docx", views.minutes_docx,
         name="minutes_docx"),
    path("bao-cao-thanh-tich/", views.reports, name="reports"),
    path("bao-cao-thanh-tich/ca-nhan/<int:person_pk>/", views.person_report,
         name="person_report"),
    path("bao-cao-thanh-tich/tap-the/<str:unit_code>/", views.unit_report, name="unit_report"),
    path("mau/", views.templates, name="templates"),
    path("mau/<int:template_pk>/dung-lai/", views.template_activate, name="template_activate"),
    path("mau/<str:template_kind>/mac-dinh/", views.template_reset, name="template_reset"),
    path("mau/<str:template_kind>/tai-ve/", views.template_download, name="template_download"),
    path("phoi/", views.layouts, name="layouts"),
    path("phoi/<str:cert_kind>/", views.layout_edit, name="layout"),
    path("phoi/<str:cert_kind>/in-thu.pdf", views.layout_test_print, name="layout_test"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("thong-ke/excel/", views.statistics_excel, name="statistics_excel"),
]
