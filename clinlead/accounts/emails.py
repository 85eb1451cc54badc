"""Every email allauth sends, in our words, as plain text and as accessible HTML from one wording.

allauth names each email by a template prefix ("account/email/password_reset_key"); AccountAdapter.render_mail
looks the prefix up here. Each email says which site it is from (the programme's name and SITE_URL), why it was
sent, what to do, and what to do if it was not you. A prefix not listed (a feature turned on later) falls back to
allauth's own templates, so it still arrives.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from clinlead.catalogue import api as catalogue

NOT_YOU = "If this was not you, you can ignore this email: nothing changes unless someone follows the link."
CHANGE_NOT_YOU = (
    "If you did not make this change, someone else may have your password. Reset your password straight away "
    "from the sign in page, and check the email addresses on your account."
)


@dataclass(frozen=True)
class Wording:
    subject: str
    paragraphs: tuple[str, ...]  # each may name values from allauth's context: {email}, {to_email}
    link: str = ""  # the context value holding the address to follow ("activate_url")
    link_text: str = ""
    code: str = ""  # the context value holding a code to type in
    after: tuple[str, ...] = ()


_CONFIRM = Wording(
    "Confirm your email address",
    (
        "Someone asked to use {email} for an account on {programme}. To confirm that it is your address, follow "
        "this link and press Confirm.",
    ),
    link="activate_url",
    link_text="Confirm your email address",
    after=("The link works for 3 days.", NOT_YOU),
)

EMAILS: dict[str, Wording] = {
    "account/email/email_confirmation_signup": _CONFIRM,
    "account/email/email_confirmation": _CONFIRM,
    "account/email/password_reset_key": Wording(
        "Reset your password",
        (
            "Someone asked to reset the password of the account on {programme} that uses {email}. To choose a new "
            "password, follow this link.",
        ),
        link="password_reset_url",
        link_text="Choose a new password",
        after=("The link works once. " + NOT_YOU,),
    ),
    "account/email/password_reset_code": Wording(
        "Your code to reset your password",
        (
            "Someone asked to reset the password of the account on {programme} that uses {email}. Enter this code on "
            "the page that asked for it:",
        ),
        code="code",
        after=(NOT_YOU.replace("follows the link", "enters the code"),),
    ),
    "account/email/login_code": Wording(
        "Your code to sign in",
        (
            "Someone asked to sign in to the account on {programme} that uses {email}. Enter this code on the page "
            "that asked for it:",
        ),
        code="code",
        after=(NOT_YOU.replace("follows the link", "enters the code"),),
    ),
    "account/email/account_already_exists": Wording(
        "You already have an account",
        (
            "Someone tried to create an account on {programme} with {email}, but there is already an account with "
            "this address. No new account was made.",
            "If it was you, sign in with your existing account. If you have forgotten your password, follow this "
            "link to choose a new one.",
        ),
        link="password_reset_url",
        link_text="Choose a new password",
        after=(NOT_YOU,),
    ),
    "account/email/unknown_account": Wording(
        "There is no account with this email address",
        (
            "Someone asked to reset the password of an account on {programme} that uses {email}, but there is no "
            "account with this address.",
            "If it was you, you may have used another email address, or you can create an account.",
        ),
        link="signup_url",
        link_text="Create an account",
        after=("If this was not you, you can ignore this email.",),
    ),
    "account/email/email_changed": Wording(
        "The email address of your account has changed",
        ("The email address of your account on {programme} has changed from {from_email} to {to_email}.",),
        after=(CHANGE_NOT_YOU,),
    ),
    "account/email/email_confirm": Wording(
        "Your email address is confirmed",
        ("You have confirmed {email} for your account on {programme}.",),
        after=(CHANGE_NOT_YOU,),
    ),
    "account/email/email_deleted": Wording(
        "An email address was removed from your account",
        ("The address {deleted_email} has been removed from your account on {programme}.",),
        after=(CHANGE_NOT_YOU,),
    ),
    "account/email/password_changed": Wording(
        "Your password has changed",
        ("The password of your account on {programme} has been changed.",),
        after=(CHANGE_NOT_YOU,),
    ),
    "account/email/password_set": Wording(
        "Your password has been set",
        ("A password has been set for your account on {programme}.",),
        after=(CHANGE_NOT_YOU,),
    ),
    "account/email/password_reset": Wording(
        "Your password has been reset",
        ("The password of your account on {programme} has been reset from a link sent to this address.",),
        after=(CHANGE_NOT_YOU,),
    ),
    "mfa/email/totp_activated": Wording(
        "Two-factor authentication is on",
        ("Your account on {programme} now asks for a code from your authenticator app each time you sign in.",),
        after=(CHANGE_NOT_YOU,),
    ),
    "mfa/email/totp_deactivated": Wording(
        "Two-factor authentication is off",
        ("Your account on {programme} no longer asks for a code from an authenticator app when you sign in.",),
        after=(CHANGE_NOT_YOU,),
    ),
    # Not allauth's: sent by invitations.py to people their organisation registered.
    "accounts/email/invitation": Wording(
        "Your organisation has registered you",
        (
            "{organisation} has registered {email} for {programme}, the leadership e-learning for clinicians of "
            "every profession. It is free for you, and each short session ends with a certificate.",
            "To start, follow this link and choose a password. The link works once, for {days} days.",
        ),
        link="invite_url",
        link_text="Choose your password",
        after=(
            'If the link has expired, use "Forgotten your password?" on the sign in page with this address.',
            "If you do not work at {organisation}, you can ignore this email: nothing happens unless someone "
            "follows the link.",
        ),
    ),
    "mfa/email/recovery_codes_generated": Wording(
        "You have new recovery codes",
        ("New recovery codes were made for your account on {programme}. The old ones no longer work.",),
        after=(CHANGE_NOT_YOU,),
    ),
}


def programme_name() -> str:
    """The service's name in emails: the programme (the first by title when there are several)."""
    programmes = catalogue.list_programmes()
    return programmes[0].title if programmes else "clinlead"


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def render(template_prefix: str, context: dict[str, Any], from_email: str, to: list[str]) -> EmailMultiAlternatives:
    """The email for `template_prefix` (a key of EMAILS), plain text with an HTML alternative."""
    wording = EMAILS[template_prefix]
    programme = programme_name()
    values = _Blank({key: str(value) for key, value in context.items()} | {"programme": programme})
    page = {
        "subject": wording.subject,
        "programme": programme,
        "site_url": settings.SITE_URL,
        "paragraphs": [paragraph.format_map(values) for paragraph in wording.paragraphs],
        "link": values[wording.link] if wording.link else "",
        "link_text": wording.link_text,
        "code": values[wording.code] if wording.code else "",
        "after": [paragraph.format_map(values) for paragraph in wording.after],
    }
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{wording.subject}"
    text = render_to_string("account/email/_our_message.txt", page).strip()
    message = EmailMultiAlternatives(subject, text, from_email, to)
    message.attach_alternative(render_to_string("account/email/_our_message.html", page), "text/html")
    return message


# Reminders about assigned learning (issue 10, docs/decisions/0023), sent by mylearning.reminders through
# accounts.api.render_email. {who}: "Pat Manager at Zeta Trust", or the organisation, or "Your organisation".
_IGNORE_IF_DONE = "If you have completed it since this email was sent, you can ignore this email."
EMAILS |= {
    "mylearning/email/assignment_due_soon": Wording(
        "A session assigned to you is due soon",
        (
            "{who} asked you to complete {session} on {programme} by {due}. You have not completed it yet.",
            "Follow this link to start the session, or to carry on where you left off.",
        ),
        link="play_url",
        link_text="Open the session",
        after=(
            "Everything assigned to you is listed on My learning: {my_learning_url}",
            _IGNORE_IF_DONE,
        ),
    ),
    "mylearning/email/assignment_overdue": Wording(
        "A session assigned to you is overdue",
        (
            "{who} asked you to complete {session} on {programme} by {due}. That date has passed and the session is "
            "not completed yet.",
            "Follow this link to start the session, or to carry on where you left off. If you cannot complete it, "
            "speak to whoever assigned it.",
        ),
        link="play_url",
        link_text="Open the session",
        after=(
            "Everything assigned to you is listed on My learning: {my_learning_url}",
            _IGNORE_IF_DONE,
        ),
    ),
}

# Records shared by permission (sharing, docs/decisions/0027). {learner}: the name on the learner's certificates.
EMAILS |= {
    "sharing/email/record_shared": Wording(
        "A learning record has been shared with you",
        (
            "{learner} ({learner_email}) has given {email} read access to their learning record on {programme} "
            "until {ends}: the sessions they have completed, their certificates and the time they spent{extra}.",
            "To see it, follow this link and sign in, or create an account, with this email address ({email}). "
            "Nobody else can see the record by following the link.",
        ),
        link="record_url",
        link_text="See the shared record",
        after=(
            "{learner} can stop sharing at any time. Each time you look at the record, {learner} can see that you "
            "did and when.",
            "If you were not expecting this, you can ignore this email.",
        ),
    ),
}
