"""Who may follow an email confirmation link: only the account that asked for the address.

A confirmation link proves that someone can read the mailbox, not who asked. Anyone can type
someone else's address into a registration or onto their own account, and the owner of the
mailbox, expecting a link, may follow it. So the link confirms only for a browser that is signed
in as that account, or that is in the middle of signing in to it (it has just registered or
typed its password: allauth's email verification stage). Anyone else is told so and nothing
changes (docs/decisions/0012).
"""

from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage, LoginStageController
from django.http import HttpRequest

NOT_YOURS = (
    "This link confirms an email address for an account you are not signed in to. "
    "Sign in to the account that asked for it, then follow the link again"
)


def confirmer_owns(request: HttpRequest, email_address: EmailAddress) -> bool:
    """Whether this browser is signed in, or signing in, as the account the address was added to."""
    if request.user.is_authenticated:
        return bool(request.user.pk == email_address.user_id)
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    return bool(stage and stage.login.user and stage.login.user.pk == email_address.user_id)
