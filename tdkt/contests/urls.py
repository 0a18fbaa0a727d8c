from django.urls import path

from . import views

app_name = "contests"
urlpatterns = [
    path("", views.index, name="index"),
    path("tao-moi/", views.contest_form, name="create"),
    path("<int:contest_pk>/", views.detail, name="detail"),
    path("<int:contest_pk>/sua/", views.contest_form, name="edit"),
    path("<int:contest_pk>/them-vong/", views.round_add, name="round_add"),
    path("<int:contest_pk>/giai-thuong/", views.prizes, name="prizes"),
    path("vong/<int:contest_round_pk>/", views.round_detail, name="round"),
    path("vong/<int:contest_round_pk>/bat-dau/", views.start, name="start"),
    path("bai-thi/<int:contest_attempt_pk>/", views.take, name="take"),
    path("bai-thi/<int:contest_attempt_pk>/ket-qua/", views.result, name="result"),
    path("giai/<int:contest_prize_pk>/giay-chung-nhan.pdf", views.certificate,
         name="certificate"),
    path("quyet-dinh/<int:prize_decision_pk>/giay-chung-nhan.pdf",
         views.decision_certificates, name="decision_certificates"),
    path("cau-hoi/", views.questions, name="questions"),
    path("cau-hoi/them/", views.question_form, name="question_create"),
    path("cau-hoi/nhap/", views.question_import, name="question_import"),
    path("cau-hoi/<int:bank_question_pk>/", views.question_form, name="question_edit"),
]
