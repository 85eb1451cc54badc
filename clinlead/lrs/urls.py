from django.urls import path

from . import views

app_name = "lrs"

# No trailing slashes: xAPI clients join resource names to the endpoint ("…/xapi/" + "statements").
urlpatterns = [
    path("about", views.about, name="about"),
    path("statements", views.statements, name="statements"),
]
