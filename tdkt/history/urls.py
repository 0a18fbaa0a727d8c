from django.urls import path

from . import views

app_name = "history"
urlpatterns = [
    path("can-bo/<int:person_pk>/them/<slug:kind>/", views.person_add, name="person_add"),
    path("muc/<slug:kind>/<int:entry_pk>/sua/", views.entry_edit, name="entry_edit"),
    path("muc/<slug:kind>/<int:entry_pk>/xoa/", views.entry_delete, name="entry_delete"),
    path("don-vi/<str:unit_code>/them/<slug:kind>/", views.unit_add, name="unit_add"),
    path("muc-don-vi/<slug:kind>/<int:unit_entry_pk>/sua/", views.unit_entry_edit,
         name="unit_entry_edit"),
    path("muc-don-vi/<slug:kind>/<int:unit_entry_pk>/xoa/", views.unit_entry_delete,
         name="unit_entry_delete"),
    path("nhap/", views.import_upload, name="import_upload"),
    path("nhap/<int:job_pk>/", views.import_job, name="import_job"),
    path("nhap/<int:job_pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/<int:job_pk>/chay-lai/", views.import_retry, name="import_retry"),
    path("xuat/", views.export, name="export"),
    path("mau/", views.template_download, name="template"),
]
