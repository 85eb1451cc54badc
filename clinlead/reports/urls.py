from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.by_person, name="by-person"),
    path("session/", views.by_session, name="by-session"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("person.csv", views.export, {"what": "person", "extension": "csv"}, name="person-csv"),
    path("person.xlsx", views.export, {"what": "person", "extension": "xlsx"}, name="person-xlsx"),
    path("session.csv", views.export, {"what": "session", "extension": "csv"}, name="session-csv"),
    path("session.xlsx", views.export, {"what": "session", "extension": "xlsx"}, name="session-xlsx"),
]
