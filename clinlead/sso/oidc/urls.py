"""allauth includes this module for our OpenID Connect provider (its `package`), in place of its own: the same
addresses and names, our views."""

from django.urls import include, path

from . import views

urlpatterns = [
    path(
        "oidc/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
