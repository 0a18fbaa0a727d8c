from django.urls import path

from . import views
from .qa import views as qa
from .reading import views as reading

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
    # read tracking (before the catch-all document code)
    path("doc/", reading.mine, name="reading_mine"),
    path("doc/<int:reading_pk>/da-doc/", reading.confirm, name="reading_confirm"),
    path("giao-doc/", reading.overview, name="reading_overview"),
    path("giao-doc/moi/", reading.create, name="reading_create"),
    path("giao-doc/don-vi/<str:unit_code>/", reading.unit_people, name="reading_unit"),
    path("giao-doc/<int:reading_pk>/nhac/<str:unit_code>/", reading.nudge, name="reading_nudge"),
    path("<slug:code>/", views.document, name="document"),
    path("<slug:code>/dieu-<str:article>/", views.article_versions, name="article_versions"),
    path("<slug:code>/dieu-<str:article>/sua-doi/", views.amend_article, name="article_amend"),
]
