"""A learner's own details: what goes on their certificates, and whether they have free access."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .api import signed_in_user_id
from .forms import ProfileForm
from .models import Profile, User
from .services import create_profile, update_profile


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
        changes = {name: form.cleaned_data[name] for name in form.fields}
        if current is None:
            current = create_profile(
                User.objects.get(pk=signed_in_user_id(request)),
                name_on_certificates=changes["name_on_certificates"],
                profession=changes["profession"],
            )
        update_profile(current, changes)
        return redirect("accounts:profile")
    return render(request, "accounts/edit_profile.html", {"form": form, "page_title": "Change your details"})
