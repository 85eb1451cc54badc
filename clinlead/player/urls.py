from django.urls import path

from . import views

app_name = "player"

session = "programmes/<slug:programme_key>/sessions/<slug:session_key>"
urlpatterns = [
    path(f"{session}/play/", views.start, name="start"),
    path(f"{session}/v<int:version>/<int:number>/", views.page, name="page"),
    path(f"{session}/v<int:version>/summary/", views.summary, name="summary"),
    path(f"{session}/v<int:version>/time/", views.time_on_page, name="time"),
]
