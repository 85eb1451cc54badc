"""A learner's own details: what goes on their certificates, and whether they have free access."""

from http import HTTPStatus
from typing import Any

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .api import signed_in_user_id
from .confirmation import NOT_YOURS, confirmer_owns
from .forms import ProfileForm
from .models import Profile
from .services import save_profile


def _profile(request: HttpRequest) -> Profile | None:
    return Profile.objects.filter(user_id=signed_in_user_id(request)).first()


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    current = _profile(request)
    if current is None:  # an account made outside registration (createsuperuser, say): details first
        return redirect("accounts:edit-profile")
    return render(request, "accounts/profile.html", {"profile": current, "page_title": "Your profile"})


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    """Change one's details; an account without a profile creates it here, by a POST (never on GET)."""
    current = _profile(request)
    form = ProfileForm(request.POST or None, instance=Profile.objects.get(pk=current.pk) if current else None)
    if request.method == "POST" and form.is_valid():
        save_profile(signed_in_user_id(request), {name: form.cleaned_data[name] for name in form.fields})
        messages.success(request, "Your details have been saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/edit_profile.html", {"form": form, "page_title": "Change your details"})


class ConfirmEmailView(allauth_views.ConfirmEmailView):  # type: ignore[misc]
    """allauth's confirmation page, which says so when the link is for an account you are not signed in to.

    The rule itself is enforced in AccountAdapter.confirm_email; this adds what the page needs to
    explain it, and stops allauth signing out whoever opened the link (a GET must not sign anyone out).
    """

    def logout_other_user(self, confirmation: Any) -> None:
        pass

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        confirmation = self.get_object()
        if not confirmer_owns(self.request, confirmation.email_address):
            self.object = confirmation
            response: HttpResponse = self.render_to_response(self.get_context_data(), status=HTTPStatus.FORBIDDEN)
            return response
        allowed: HttpResponse = super().post(*args, **kwargs)
        return allowed

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        if self.object:
            context["confirmer_owns"] = confirmer_owns(self.request, self.object.email_address)
            context["not_yours"] = NOT_YOURS
        return context
