"""A learner's own details: what goes on their certificates, and whether they have free access."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .api import signed_in_user_id
from .forms import ProfileForm
from .models import Profile, User
from .services import create_profile, update_profile


def _profile(request: HttpRequest) -> Profile:
    user = User.objects.get(pk=signed_in_user_id(request))
    profile = Profile.objects.filter(user=user).first()
    if profile is None:  # an account made outside registration (createsuperuser, say)
        profile = create_profile(user, name_on_certificates=user.get_full_name() or user.email, profession="other")
    return profile


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"profile": _profile(request), "page_title": "Your profile"})


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    current = _profile(request)
    form = ProfileForm(request.POST or None, instance=Profile.objects.get(pk=current.pk))
    if request.method == "POST" and form.is_valid():
        update_profile(current, {name: form.cleaned_data[name] for name in form.fields})
        return redirect("accounts:profile")
    return render(request, "accounts/edit_profile.html", {"form": form, "page_title": "Change your details"})
