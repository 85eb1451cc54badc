"""The reader's side: records shared with the signed-in person, and a share link's summary for anyone holding it.

A grant is found only through a confirmed address of the person asking, a link only through its token; anything
else, and anything revoked or past its last day, is 404. Each read is logged before the record is read."""

from allauth.core.internal import ratelimit
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from clinlead.accounts import api as accounts

from . import queries, services
from .records import shared_record

# Per client address: a person opens a link a few times; a guesser would need billions of tries anyway.
LINK_RATE_LIMIT = {"share_link": "30/m/ip,300/h/ip"}


@login_required
@never_cache
def shared_with_me(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    context = {
        "records": queries.shared_with(user_id),
        "has_confirmed_address": bool(accounts.verified_emails(user_id)),
        "page_title": "Records shared with you",
    }
    return render(request, "sharing/shared_with_me.html", context)


@login_required
@never_cache
def shared_record_page(request: HttpRequest, grant_uuid: str) -> HttpResponse:
    reader_id = accounts.signed_in_user_id(request)
    grant = queries.grant_for_reader(reader_id, str(grant_uuid))
    if grant is None:
        raise Http404("no record shared with you here")
    services.log_grant_read(grant, reader_id, "record")
    context = {
        "record": shared_record(grant.learner_id, grant.include_reflections),
        "ends_on": grant.ends_on,
        "page_title": "Shared learning record",
    }
    response = render(request, "sharing/shared_record.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def link(request: HttpRequest, token: str) -> HttpResponse:
    allowed = ratelimit.consume(
        request, app="clinlead.sharing", action="share_link", config=LINK_RATE_LIMIT, limit_get=True
    )
    if not allowed:
        return _private(render(request, "429.html", status=429))
    found = queries.link_for_token(token)
    if found is None:
        # The site's own 404 page, but private too: its address holds the token, revoked or not.
        return _private(render(request, "errors/404.html", {"page_title": "Page not found"}, status=404))
    services.log_link_read(found, "summary")
    context = {
        "record": shared_record(found.learner_id, found.include_reflections),
        "ends_on": found.ends_on,
        "via_link": True,
        "page_title": "Shared learning record",
    }
    return _private(render(request, "sharing/shared_record.html", context))


def _private(response: HttpResponse) -> HttpResponse:
    """A share link's page: never cached, never indexed, and its address never sent on as a referrer."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
