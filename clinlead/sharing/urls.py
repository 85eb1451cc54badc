from django.urls import path

from . import reader_views, views

app_name = "sharing"

urlpatterns = [
    path("my-learning/sharing/", views.sharing, name="index"),
    path("my-learning/sharing/new/", views.share, name="share"),
    path("my-learning/sharing/<uuid:grant_uuid>/revoke/", views.revoke_grant, name="revoke"),
    path("my-learning/sharing/links/new/", views.new_link, name="new-link"),
    path("my-learning/sharing/links/<uuid:link_uuid>/revoke/", views.revoke_link, name="revoke-link"),
    path("shared-with-me/", reader_views.shared_with_me, name="shared-with-me"),
    path("shared-with-me/<uuid:grant_uuid>/", reader_views.shared_record_page, name="shared-record"),
    path("shared/<str:token>/", reader_views.link, name="link"),
]
