from django.urls import path, re_path

from . import invitation_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.edit_profile, name="edit-profile"),
    path("invitation/<str:uidb36>/<str:token>/", invitation_views.invitation, name="invitation"),
    # Mounted before allauth's own (clinlead/urls.py includes this first), at the same address, so
    # allauth's links and reverse("account_confirm_email") lead here.
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", views.ConfirmEmailView.as_view(), name="confirm-email"),
]
