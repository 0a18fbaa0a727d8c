from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/tao/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:plan_pk>/", views.plan_detail, name="plan"),
    path("<int:inspection_pk>/", views.inspection_detail, name="detail"),
    path("<int:inspection_pk>/sua/", views.inspection_edit, name="edit"),
    path("<int:inspection_pk>/tu-kiem-tra/", views.self_assessment, name="self"),
    path("<int:inspection_pk>/cham-diem/", views.team_scores, name="team"),
    path("<int:inspection_pk>/ket-luan/", views.findings, name="findings"),
    path("<int:inspection_pk>/ban-hanh/", views.conclude, name="conclude"),
    path("<int:inspection_pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:inspection_pk>/ket-luan.docx", views.conclusion_docx, name="conclusion_docx"),
    path("ket-luan/<int:finding_pk>/xoa/", views.finding_remove, name="finding_remove"),
    path("khac-phuc/<int:action_pk>/", views.action_detail, name="action"),
    path("minh-chung/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("bo-tieu-chi/", views.templates_list, name="templates"),
    path("bo-tieu-chi/<int:checklist_pk>/", views.template_detail, name="template"),
    path("tieu-chi/<int:checklist_item_pk>/xoa/", views.item_remove, name="item_remove"),
]
