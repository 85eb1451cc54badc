"""The learner's side: their sharing page, sharing with a person, making a link, ending either, and their log.

Every view reads and changes only the signed-in learner's own grants and links: another's uuid is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinlead.accounts import api as accounts

from . import queries, services
from .forms import LinkForm, ShareForm

NEW_LINK = "sharing_new_link"  # the session key holding a new link's token until the sharing page shows it once


@login_required
@never_cache
def sharing(request: HttpRequest) -> HttpResponse:
    learner_id = accounts.signed_in_user_id(request)
    token = request.session.pop(NEW_LINK, "")
    context = {
        "grants": queries.grants_of(learner_id),
        "links": queries.links_of(learner_id),
        "reads": queries.reads_of(learner_id),
        "log_length": queries.LOG_LENGTH,
        "new_link": request.build_absolute_uri(reverse("sharing:link", args=[token])) if token else "",
        "page_title": "Share your record",
    }
    return render(request, "sharing/sharing.html", context)


@login_required
def share(request: HttpRequest) -> HttpResponse:
    learner_id = accounts.signed_in_user_id(request)
    own_email = accounts.learner(learner_id).email
    form = ShareForm(request.POST or None, own_email=own_email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.share_record(learner_id, data["email"], data["ends_on"], data["include_reflections"])
        messages.success(request, f"Your record is shared with {data['email']}. We are emailing them a link to it.")
        return redirect("sharing:index")
    return render(request, "sharing/share.html", {"form": form, "page_title": "Share your record with someone"})


@login_required
@require_POST
def revoke_grant(request: HttpRequest, grant_uuid: str) -> HttpResponse:
    if not services.revoke_grant(accounts.signed_in_user_id(request), str(grant_uuid)):
        raise Http404("no such grant")
    messages.success(request, "You have stopped sharing your record with that person.")
    return redirect("sharing:index")


@login_required
def new_link(request: HttpRequest) -> HttpResponse:
    learner_id = accounts.signed_in_user_id(request)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Kept in the session only until the next page shows it: it is stored nowhere else.
        request.session[NEW_LINK] = services.make_link(
            learner_id, data["label"], data["ends_on"], data["include_reflections"]
        )
        return redirect("sharing:index")
    return render(request, "sharing/new_link.html", {"form": form, "page_title": "Make a share link"})


@login_required
@require_POST
def revoke_link(request: HttpRequest, link_uuid: str) -> HttpResponse:
    if not services.revoke_link(accounts.signed_in_user_id(request), str(link_uuid)):
        raise Http404("no such link")
    messages.success(request, "The share link no longer works.")
    return redirect("sharing:index")
