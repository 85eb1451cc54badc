"""Pages of single sign-on: choosing your organisation, starting to sign in with it, and signing out of it
(docs/decisions/0024)."""

from allauth.account.views import LogoutView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from . import directory
from . import sign_out as sign_out_flow
from .origins import allowing_sign_in_forms

# The organisation last chosen in this browser, offered first next time. A session cookie (gone when the browser
# closes) set only when the person chooses: remembering a choice they made, so strictly necessary (cookies page).
LAST_CHOSEN = "sign_in_with"


def choose(request: HttpRequest) -> HttpResponse:
    """Search the organisations set up for single sign-on and start signing in with one (or, with process=connect,
    add it to the signed-in person's account)."""
    query = request.GET.get("q", "")[:100]
    process = "connect" if request.GET.get("process") == "connect" and request.user.is_authenticated else "login"
    context = {
        "query": query,
        "process": process,
        "choices": directory.choices(query),
        "last": directory.choice(request.COOKIES.get(LAST_CHOSEN)),
    }
    return allowing_sign_in_forms(render(request, "sso/choose.html", context))


@require_POST
def start(request: HttpRequest, identity_provider_id: int) -> HttpResponse:
    """Remember the choice, and pass the form on, as posted, to the sign-in it starts (307 keeps the method)."""
    chosen = directory.choice(identity_provider_id)
    if chosen is None:
        raise Http404("no such organisation to sign in with")
    response = HttpResponse(status=307)
    response["Location"] = chosen.sign_in_url
    response.set_cookie(
        LAST_CHOSEN, str(chosen.id), httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
    )
    return response


def sign_out(request: HttpRequest) -> HttpResponse:
    """allauth's sign-out, at its address; for someone who signed in through an identity provider that offers
    single logout, it then sends them there to end that session too. The page that does so is ours (a refresh
    that follows at once, and a link): our policy lets a form's answer redirect only to us (origins.py)."""
    details = request.session.get(sign_out_flow.SESSION_KEY) if request.method == "POST" else None
    response: HttpResponse = LogoutView.as_view()(request)
    if not details or request.user.is_authenticated:
        return response
    onward = sign_out_flow.identity_provider_url(request, details)
    if onward is None:
        return response
    return render(request, "sso/signing_out.html", {"onward": onward})


def signed_out(request: HttpRequest) -> HttpResponse:
    """Where an OpenID Connect provider sends the browser back after ending its session."""
    return render(request, "sso/signed_out.html")
