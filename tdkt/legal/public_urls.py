"""The same texts, read-only without login, under /cong-khai/phap-luat/, and the published
questions and answers (hỏi đáp)."""

from django.urls import path

from . import views
from .qa import views as qa

app_name = "legal_public"
urlpatterns = [
    path("", views.index, name="index"),
    path("hoi-dap/", qa.public_index, name="qa_index"),
    path("hoi-dap/<int:question_pk>/", qa.public_detail, name="qa_detail"),
    path("<slug:code>/", views.document, name="document"),
    path("<slug:code>/dieu-<str:article>/", views.article_versions, name="article_versions"),
]
