from django.urls import path

from . import views

app_name = "movements"

CLUSTER = "cum/<str:cluster_code>/<int:cluster_year>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("tao/", views.movement_create, name="create"),
    path("<int:movement_pk>/", views.movement_detail, name="detail"),
    path("<int:movement_pk>/sua/", views.movement_edit, name="edit"),
    path("<int:movement_pk>/chuyen-buoc/", views.movement_transition, name="transition"),
    path("<int:movement_pk>/van-ban/", views.document_upload, name="document_upload"),
    path("<int:movement_pk>/tong-hop/", views.rollup_view, name="rollup"),
    path("<int:movement_pk>/ca-nhan/", views.individuals_view, name="individuals"),
    path("<int:movement_pk>/<slug:review_kind>/", views.review_view, name="review"),
    path("van-ban/<int:document_pk>/", views.document_download, name="document"),
    path("dang-ky/<int:registration_pk>/", views.registration_detail, name="registration"),
    path("dang-ky/<int:registration_pk>/sua/", views.registration_edit, name="registration_edit"),
    path("dang-ky/<int:registration_pk>/gui/", views.registration_submit,
         name="registration_submit"),
    path("dang-ky/<int:registration_pk>/duyet/", views.registration_approve,
         name="registration_approve"),
    path("dang-ky/<int:registration_pk>/tra-lai/", views.registration_return,
         name="registration_return"),
    path("dang-ky/<int:registration_pk>/tien-do/", views.registration_progress,
         name="registration_progress"),
    path("de-nghi/<int:proposal_pk>/xoa/", views.proposal_remove, name="proposal_remove"),
    path("cum/", views.clusters, name="clusters"),
    path("cum/co-thi-dua/", views.flag_proposals_view, name="flag_proposals"),
    path(CLUSTER, views.cluster_year, name="cluster_year"),
    path(CLUSTER + "lanh-dao/", views.cluster_leadership, name="cluster_leadership"),
    path(CLUSTER + "giao-uoc/", views.cluster_pact, name="cluster_pact"),
    path(CLUSTER + "tieu-chi/", views.criterion_add, name="criterion_add"),
    path(CLUSTER + "tieu-chi/<int:criterion_pk>/xoa/", views.criterion_remove,
         name="criterion_remove"),
    path(CLUSTER + "cham-diem/<str:unit_code>/", views.scorecard_view, name="scorecard"),
    path(CLUSTER + "xep-hang/", views.ranking_view, name="ranking"),
    path(CLUSTER + "suy-ton/", views.vote_view, name="vote"),
    path(CLUSTER + "suy-ton/bien-ban/", views.vote_minutes, name="vote_minutes"),
    path("minh-chung/<int:score_pk>/", views.score_evidence, name="score_evidence"),
]
