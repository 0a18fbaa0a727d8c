from django.urls import path

from . import adoption_views, congress_views, summary_views, views

app_name = "exemplars"

urlpatterns = [
    path("", views.index, name="index"),
    path("de-xuat/", views.create, name="create"),
    path("goi-y/", views.suggestions, name="suggestions"),
    path("dai-hoi-thi-dua/", congress_views.congress_list, name="congress"),
    path("<int:exemplar_pk>/", views.detail, name="detail"),
    path("<int:exemplar_pk>/xu-ly/", views.decide, name="decide"),
    path("<int:exemplar_pk>/chuyen-giai-doan/", views.advance, name="advance"),
    path("<int:exemplar_pk>/cong-bo/", views.publish, name="publish"),
    path("<int:exemplar_pk>/boi-duong/", views.foster, name="foster"),
    path("<int:exemplar_pk>/neu-guong/", views.feature, name="feature"),
    # replication (nhân rộng)
    path("nhan-rong/", adoption_views.index, name="replication"),
    path("nhan-rong/<int:exemplar_pk>/", adoption_views.model, name="model"),
    path("nhan-rong/<int:exemplar_pk>/dang-ky/", adoption_views.adopt, name="adopt"),
    path("ap-dung/<int:adoption_pk>/", adoption_views.adoption, name="adoption"),
    path("ap-dung/<int:adoption_pk>/bao-cao/", adoption_views.adoption_report,
         name="adoption_report"),
    path("ap-dung/tep/<int:adoption_file_pk>/", adoption_views.adoption_file,
         name="adoption_file"),
    path("<int:exemplar_pk>/tong-ket/", summary_views.summary, name="summary"),
    path("<int:exemplar_pk>/tong-ket/bao-cao.docx", summary_views.summary_docx,
         name="summary_docx"),
    path("<int:exemplar_pk>/minh-chung/<int:item_pk>/", summary_views.evidence,
         name="evidence"),
    path("<int:exemplar_pk>/de-nghi-khen-thuong/", summary_views.propose_award,
         name="propose_award"),
]
