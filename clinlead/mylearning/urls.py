from django.urls import path, re_path

from . import views

app_name = "mylearning"

urlpatterns = [
    path("", views.my_learning, name="index"),
    path("enrol/<slug:programme_key>/", views.enrol, name="enrol"),
    path("add/<slug:programme_key>/<slug:session_key>/", views.add_session, name="add-session"),
    path("activity/", views.activity, name="activity"),
    re_path(r"^transcript\.(?P<file_format>pdf|csv)$", views.transcript, name="transcript"),
    path("my-data.json", views.my_data, name="my-data"),
    path("delete-account/", views.delete_account, name="delete-account"),
]
