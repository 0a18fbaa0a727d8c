from django.urls import path

from . import views
from .qa import views as qa

app_name = "legal"
urlpatterns = [
    path("", views.index, name="index"),
    path("nhap/", views.import_document, name="import"),
    # Questions and answers: before the catch-all document code below.
    path("hoi-dap/", qa.index, name="qa_index"),
    path("hoi-dap/dat-cau-hoi/", qa.ask, name="qa_ask"),
    path("hoi-dap/<int:question_pk>/", qa.detail, name="qa_detail"),
    path("hoi-dap/<int:question_pk>/tra-loi/", qa.answer, name="qa_answer"),
    path("hoi-dap/<int:question_pk>/cong-khai/", qa.publish, name="qa_publish"),
    path("<slug:code>/", views.document, name="document"),
    path("<slug:code>/dieu-<str:article>/", views.article_versions, name="article_versions"),
]
