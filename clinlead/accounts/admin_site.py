"""The admin signs in through allauth, and only with two-factor authentication (docs/decisions/0011).

Django's admin has its own sign-in form, which checks the password alone: no second factor, no
rate limit. allauth's `secure_admin_login` sends people to allauth's sign-in instead; we also make
sure the admin's own form never runs (a signed-in user could otherwise post another account's
password to it), and that the admin opens only for staff whose session was confirmed with an
authenticator code.
"""

from collections.abc import Callable

from allauth.account.decorators import secure_admin_login
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

TURN_ON_TWO_FACTOR = "The admin needs two-factor authentication. Turn it on, then go back to the admin."


def session_used_second_factor(request: HttpRequest) -> bool:
    """Whether this session's sign-in (or a later re-authentication) included an authenticator code."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def has_admin_access(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active
        and user.is_staff
        and is_mfa_enabled(user, [Authenticator.Type.TOTP])
        and session_used_second_factor(request)
    )


def _admin_entrance(site: AdminSite) -> Callable[..., HttpResponse]:
    def entrance(request: HttpRequest, extra_context: object = None) -> HttpResponse:
        """Reached only signed in as active staff (secure_admin_login sends everyone else away)."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or ""
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = ""
        next_url = next_url or reverse(f"{site.name}:index")
        if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
            messages.warning(request, TURN_ON_TWO_FACTOR)
            return HttpResponseRedirect(reverse("mfa_index"))
        if not session_used_second_factor(request):
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
        return HttpResponseRedirect(next_url)

    view: Callable[..., HttpResponse] = secure_admin_login(entrance)
    return view


def secured(site: AdminSite) -> AdminSite:
    """The same admin site, signed in to through allauth and open only with two-factor authentication."""
    site.login = _admin_entrance(site)  # type: ignore[method-assign]
    site.has_permission = has_admin_access  # type: ignore[method-assign]
    return site
