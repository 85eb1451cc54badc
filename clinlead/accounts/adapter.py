"""Our allauth adapter: who may confirm an address, and how failed sign-ins are counted.

See docs/decisions/0011 (sign-in limits) and 0012 (email addresses).
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal import ratelimit
from django.contrib import messages
from django.http import HttpRequest

from . import emails
from .confirmation import NOT_YOURS, confirmer_owns

# allauth's own adapter consumes "login_failed" keyed on the address typed in, so five wrong
# passwords from anywhere lock the owner out. We key that limit on the account AND the client's
# address, and add a ceiling per account across all addresses ("login_failed_account"). The
# internal ratelimit module is what allauth's adapter itself uses: it consumes before the password
# is checked (so parallel guesses cannot overrun it) and rolls back when the password was right.
APP = "allauth.account"


def failed_sign_in_keys(request: HttpRequest, login: str) -> tuple[str, str]:
    """The cache keys for (this account from this client address, this account from anywhere)."""
    account = login.strip().lower()
    return f"{account}|{ratelimit.get_ip(request)}", account


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def render_mail(
        self, template_prefix: str, email: str | list[str], context: dict[str, Any], headers: Any = None
    ) -> Any:
        """Our wording for every email we know (emails.py), as text and HTML; allauth's for any other."""
        if template_prefix not in emails.EMAILS:
            return super().render_mail(template_prefix, email, context, headers=headers)
        return emails.render(
            template_prefix, context, self.get_from_email(), [email] if isinstance(email, str) else email
        )

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        per_client, per_account = failed_sign_in_keys(request, str(credentials.get("email", "")))
        usage = ratelimit.consume(request, app=APP, action="login_failed", key=per_client)
        ceiling = usage and ratelimit.consume(request, app=APP, action="login_failed_account", key=per_account)
        if not usage or not ceiling:
            if usage:
                usage.rollback()
            raise ImmediateHttpResponse(ratelimit.respond_429(request))
        # DefaultAccountAdapter.authenticate rolls this back when the password is right.
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(usage=usage.usage + ceiling.usage)

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """Only the account that asked for an address can confirm it (see confirmation.py)."""
        if not confirmer_owns(request, email_address):
            messages.error(request, NOT_YOURS)
            return False
        return bool(super().confirm_email(request, email_address))
