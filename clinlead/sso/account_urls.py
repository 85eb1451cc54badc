"""Addresses of ours among allauth's (included before them, under /accounts/): signing out is allauth's, followed
by single logout at the person's identity provider (sign_out.py)."""

from django.urls import path

from . import views

urlpatterns = [path("logout/", views.sign_out, name="sso-sign-out")]
