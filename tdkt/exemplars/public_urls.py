"""Public stories and the "người tốt, việc tốt" report form, under /cong-khai/dien-hinh/."""

from django.urls import path

from . import summary_views, views

app_name = "exemplars_public"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("gui/", views.public_report, name="report"),
    path("gui/cam-on/", views.public_thanks, name="thanks"),
    path("<int:exemplar_pk>/", views.public_story, name="story"),
    path("<int:exemplar_pk>/anh/<int:photo_pk>/", summary_views.public_photo, name="photo"),
]
