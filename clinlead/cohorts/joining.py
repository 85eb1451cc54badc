"""A learner joins a cohort with the code their trainer gave them, and chooses whether the cohort's trainers may
read their reflections. Wrong codes are rate-limited with allauth's own limiter (settings: ACCOUNT_RATE_LIMITS,
"cohort_join_failed"), so a code of 8 characters from 31 cannot be found by guessing."""

from allauth.core.internal import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clinlead.accounts import api as accounts

from . import queries, services
from .forms import JoinForm

APP = "allauth.account"
WRONG_CODE = "cohort_join_failed"


@login_required
def join(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    form = JoinForm(request.POST if request.method == "POST" else None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, app=APP, action=WRONG_CODE, user=request.user, dry_run=True):
            return render(request, "cohorts/too_many_codes.html", {"page_title": "Too many wrong codes"}, status=429)
        joined = services.join(user_id, form.cleaned_data["code"])
        if joined is None:
            ratelimit.consume(request, app=APP, action=WRONG_CODE, user=request.user)
            form.add_error("code", "That code does not match a cohort: check it with your trainer")
        else:
            cohort_id, new = joined
            if form.cleaned_data["share"]:
                services.set_sharing(cohort_id, user_id, True)
            found = queries.membership(user_id, cohort_id)
            name = found.cohort.name if found else "the cohort"
            messages.success(request, f"You have joined {name}" if new else f"You are already in {name}")
            return redirect("cohorts:membership", cohort_id=cohort_id)
    context: dict[str, object] = {"page_title": "Join a cohort", "form": form}
    return render(request, "cohorts/join.html", context, status=400 if form.errors else 200)


@login_required
def membership(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The member's own page for a cohort: what it is, and their choice about sharing reflections."""
    user_id = accounts.signed_in_user_id(request)
    found = queries.membership(user_id, cohort_id)
    if found is None:
        raise Http404("you are not in this cohort")
    if request.method == "POST":
        share = request.POST.get("share") == "on"
        services.set_sharing(cohort_id, user_id, share)
        messages.success(
            request,
            "Your reflections are shared with the trainers of this cohort"
            if share
            else "Your reflections are no longer shared with the trainers of this cohort",
        )
        return redirect("cohorts:membership", cohort_id=cohort_id)
    context = {"page_title": found.cohort.name, "membership": found}
    return render(request, "cohorts/membership.html", context)
