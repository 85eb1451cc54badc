from django.urls import path

from . import licence_views

# Included at /organisations/licences/ in the "orgadmin" namespace (urls.py).
urlpatterns = [
    path("", licence_views.licences, name="licences"),
    path("new/", licence_views.new_licence, name="new-licence"),
    path("<int:licence_id>/", licence_views.licence, name="licence"),
    path("<int:licence_id>/change/", licence_views.change_licence, name="change-licence"),
]
