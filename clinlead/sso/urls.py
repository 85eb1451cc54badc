from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [path("organisation/", views.choose, name="choose")]
