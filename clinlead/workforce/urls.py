from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("", views.staff, name="staff"),
    path("staff.csv", views.staff_export, name="export"),
    path("enrol/", views.enrol, name="enrol"),
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:upload_id>/", views.upload_status, name="upload-status"),
    path("uploads/<int:upload_id>/commit/", views.commit, name="commit"),
]
