from django.urls import path

from . import views

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:programme_key>/", views.programme, name="programme"),
    path("programmes/<slug:programme_key>/pages/<slug:slug>/", views.page, name="page"),
    path("programmes/<slug:programme_key>/framework/", views.framework, name="framework"),
    path("programmes/<slug:programme_key>/pathways/<slug:pathway_key>/", views.pathway, name="pathway"),
    path("programmes/<slug:programme_key>/sessions/", views.sessions, name="sessions"),
    path("programmes/<slug:programme_key>/sessions/<slug:session_key>/", views.session, name="session"),
    path("programmes/<slug:programme_key>/library/", views.library, name="library"),
    path("programmes/<slug:programme_key>/library/<slug:item_key>/", views.library_item, name="library-item"),
]
