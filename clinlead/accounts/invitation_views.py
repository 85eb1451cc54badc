"""Taking up an invitation: the emailed link, then a page to choose a password and accept the terms.

As Django's password reset does, the token is moved from the address into the session before the page is
shown, so that it cannot leak in a Referer header or the browser's history of the form page.
"""

from typing import Any

from django import forms
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import invitations
from .form_errors import InOurWords

CHOOSE = "choose-password"
SESSION_KEY = "invitation-token"


class InvitationForm(InOurWords, SetPasswordForm):  # type: ignore[type-arg]
    accept_terms = forms.BooleanField(
        label="I accept the terms of use",
        error_messages={"required": "Confirm that you accept the terms of use"},
    )


def invitation(request: HttpRequest, uidb36: str, token: str) -> HttpResponse:
    if token != CHOOSE:
        request.session[SESSION_KEY] = token
        return redirect("accounts:invitation", uidb36=uidb36, token=CHOOSE)
    user = invitations.invited_user(uidb36, request.session.get(SESSION_KEY, ""))
    if user is None:
        return render(request, "accounts/invitation.html", {"page_title": "This link no longer works", "expired": True})
    form = InvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.accept(user, form.cleaned_data["new_password1"])
        del request.session[SESSION_KEY]
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("mylearning:index")
    context: dict[str, Any] = {"page_title": "Choose your password", "form": form, "email": user.email}
    return render(request, "accounts/invitation.html", context)
