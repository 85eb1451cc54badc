"""The one door into `accounts`: who a learner is, as plain data."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from clinlead.many_values import ids_in

from .admin_site import secured as secured_admin_site
from .eligibility import eligible_domains
from .identity import IdentityCheck, check_identity
from .identity import needs_second_factor as _needs_second_factor
from .invitations import send_invitations as _send_invitations
from .models import EDITABLE_PROFILE_FIELDS, Invitation, Profile, User
from .names import MAX_LENGTH as NAME_MAX_LENGTH
from .names import characters_a_name_may_contain
from .professions import PROFESSIONS
from .staff import Registered, StaffMember
from .staff import register_staff as _register_staff

__all__ = [
    "NAME_MAX_LENGTH",
    "IdentityCheck",
    "InvitationState",
    "LearnerData",
    "PersonData",
    "Registered",
    "StaffMember",
    "account_uuid",
    "characters_a_name_may_contain",
    "check_password",
    "confirm_before_deleting",
    "delete_account",
    "eligible_email_domains",
    "invitation_states",
    "learner",
    "may_play",
    "needs_second_factor",
    "people",
    "profile_export",
    "register_staff",
    "secured_admin_site",
    "send_invitations",
    "signed_in_user_id",
]


@dataclass(frozen=True)
class LearnerData:
    user_id: int
    email: str
    name_on_certificates: str
    profession: str
    eligible_for_free_access: bool
    eligibility_reason: str
    has_profile: bool


def learner(user_id: int) -> LearnerData:
    """The learner's details; a user without a profile (an administrator, say) is named by email."""
    profile = Profile.objects.select_related("user").filter(user_id=user_id).first()
    if profile is None:
        user = User.objects.get(pk=user_id)
        return LearnerData(user.pk, user.email, user.email, "", False, "no profile yet", False)
    return LearnerData(
        user_id,
        profile.user.email,
        profile.name_on_certificates,
        dict(PROFESSIONS).get(profile.profession, profile.profession),
        profile.eligible_for_free_access,
        profile.eligibility_reason,
        True,
    )


def account_uuid(user_id: int) -> str:
    """The account's opaque, stable id (never its email), for records that leave clinlead, such as xAPI
    statements."""
    return str(User.objects.values_list("uuid", flat=True).get(pk=user_id))


def register_staff(
    people: Sequence[StaffMember],
    progress: Callable[[int, int], None] | None = None,
    known_accounts: dict[str, int] | None = None,
) -> Registered:
    """Accounts for the people of a staff list: new ones made (unusable password, unconfirmed address, an
    invitation waiting to be sent), existing ones matched by address. All or nothing inside the caller's
    transaction; a fixed number of queries per 2,000 people (staff.py). known_accounts: existing_accounts'
    answer for these addresses, if the caller has it already (saves asking twice)."""
    return _register_staff(people, progress, known_accounts)


def send_invitations(
    user_ids: Sequence[int], progress: Callable[[int, int], None] | None = None, *, again: bool = False
) -> int:
    """Email an invitation to choose a password to each of these people who has not taken one up yet (with
    `again`, also to those who were sent one before: a reminder)."""
    return _send_invitations(user_ids, progress, again=again)


@dataclass(frozen=True)
class InvitationState:
    invited: bool  # registered by an organisation
    sent_at: datetime.datetime | None
    accepted_at: datetime.datetime | None


def invitation_states(user_ids: Sequence[int]) -> dict[int, InvitationState]:
    """Whether each person was invited, when, and whether they took it up (people who registered themselves
    are absent)."""
    rows = Invitation.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "last_sent_at", "accepted_at")
    return {user_id: InvitationState(True, sent, accepted) for user_id, sent, accepted in rows}


@dataclass(frozen=True)
class PersonData:
    user_id: int
    email: str
    name: str  # on their certificates, or as their organisation registered them


def people(user_ids: Sequence[int]) -> dict[int, PersonData]:
    """Names and addresses of these people, in one query whatever their number (for a manager's list of their
    staff, or everyone being enrolled): the ids travel as one parameter (clinlead/many_values.py)."""
    found = {}
    rows = User.objects.filter(pk__in=ids_in(list(user_ids))).values_list(
        "pk", "email", "profile__name_on_certificates", "first_name", "last_name"
    )
    for pk, email, certificate_name, first, last in rows:
        found[pk] = PersonData(pk, email, certificate_name or f"{first} {last}".strip() or email)
    return found


def eligible_email_domains() -> tuple[str, ...]:
    """The email domains whose addresses get free access (their subdomains too), as registration lists them."""
    return eligible_domains()


def may_play(user_id: int | None, sample: bool, programme_key: str = "", *, launching: bool = False) -> bool:
    """Who may play a session: a sample, anyone; any other, a signed-in learner with free access (by email
    domain or employment) or a seat on their organisation's licence for the programme (access_to_play).
    `launching` (the player) takes a free seat for a learner who holds none.

    The one rule that the player enforces and the website's session page follows.
    """
    if sample:
        return True
    return _access_to_play(user_id, programme_key, launching=launching).allowed


def profile_export(user_id: int) -> dict[str, object]:
    """The learner's profile for their data download: the details they can edit, when they accepted
    the terms and whether they have free access; {} for an account without a profile."""
    profile = Profile.objects.filter(user_id=user_id).values(
        *EDITABLE_PROFILE_FIELDS, "accepted_terms_at", "eligible_for_free_access"
    )
    return dict(profile[0]) if profile else {}


def delete_account(user_id: int) -> None:
    """Delete the user, their profile and their email addresses."""
    User.objects.filter(pk=user_id).delete()


def signed_in_user_id(request: HttpRequest) -> int:
    """The signed-in learner's id, for views behind login_required."""
    if not request.user.is_authenticated or request.user.pk is None:
        raise PermissionDenied("sign in first")
    return int(request.user.pk)


def check_password(user_id: int, password: str) -> bool:
    """Whether `password` is the learner's password."""
    user = User.objects.filter(pk=user_id).first()
    return bool(user and user.check_password(password))


def needs_second_factor(user_id: int) -> bool:
    """Whether the learner has an authenticator app, so actions that cannot be undone ask for a code too."""
    return _needs_second_factor(User.objects.get(pk=user_id))


def confirm_before_deleting(request: HttpRequest, password: str, code: str = "") -> IdentityCheck:
    """Checks the signed-in learner's password (and authenticator or recovery code when 2FA is on).

    Every attempt counts against the "delete_account" rate limit; `rate_limited` says when to stop
    asking and answer 429. `errors` names each form field that was wrong and what to enter.
    """
    user = User.objects.get(pk=signed_in_user_id(request))
    return check_identity(request, user, action="delete_account", password=password, code=code)


# Who may play and why: free by email domain or employment, or a licence seat (helper "licences", 0022).
from .play_access import PlayAccess  # noqa: E402
from .play_access import access_to_play as _access_to_play  # noqa: E402

__all__ += ["PlayAccess", "access_to_play"]


def access_to_play(user_id: int | None, programme_key: str, *, launching: bool = False) -> PlayAccess:
    """Whether the person may play the programme's sessions (samples aside: anyone may play those), and the
    reason in a learner's words: free by email domain, by employment, by a licence seat; or why not (the
    licence ended on a date, records and certificates kept; no seats left; not eligible, and how to get access).
    `launching` takes a free seat for a learner who holds none (a first launch)."""
    return _access_to_play(user_id, programme_key, launching=launching)


# Reading staff lists (workforce, helper "stafffile"): the same rules a staff list's rows must meet.
__all__ += ["PROFESSION_CHOICES", "StaffNames", "check_staff_names", "existing_accounts"]

# (key, label) of every profession a learner can have; a staff list may give either.
PROFESSION_CHOICES: tuple[tuple[str, str], ...] = tuple(PROFESSIONS)


def existing_accounts(emails: Sequence[str]) -> dict[str, int]:
    """Account ids by lower-case address, for the addresses that have an account (one query per 2,000)."""
    from .staff import existing_accounts as _existing_accounts

    return _existing_accounts(emails)


@dataclass(frozen=True)
class StaffNames:
    first_name: str  # as they will be stored (names.py: spaces tidied, NFC)
    last_name: str
    problem: str = ""  # what is wrong, in words that follow the part's name ("contain ...")
    part: str = ""  # "first", "last", or "" for both together


def check_staff_names(first_name: str, last_name: str) -> StaffNames:
    """A staff list's first and last names against the one rule for names (names.py), as `register_staff`
    stores them: cleaned, or the part that is wrong and why (blank, a character, too long together)."""
    from django.core.exceptions import ValidationError

    from .names import clean_name

    cleaned = []
    for part, value in (("first", first_name), ("last", last_name)):
        try:  # clean_name returns the plain names of most lists at once (its own fast path)
            cleaned.append(clean_name(value))
        except ValidationError as error:
            if error.code == "required":
                return StaffNames(first_name, last_name, "is blank", part)
            return StaffNames(first_name, last_name, error.messages[0].removeprefix("Your name "), part)
    full = f"{cleaned[0]} {cleaned[1]}"
    if len(full) > NAME_MAX_LENGTH:
        problem = f"together can be at most {NAME_MAX_LENGTH} characters; these have {len(full)}"
        return StaffNames(first_name, last_name, problem, "")
    return StaffNames(cleaned[0], cleaned[1])


# Emails that other apps send in accounts' wording (reminders about assigned learning, docs/decisions/0023).
from django.conf import settings as _settings  # noqa: E402
from django.core.mail import EmailMultiAlternatives  # noqa: E402

from .emails import EMAILS as _EMAILS  # noqa: E402
from .emails import render as _render  # noqa: E402


def render_email(template_prefix: str, context: dict[str, object], to: str) -> EmailMultiAlternatives:
    """An email in the wording kept in accounts/emails.py under `template_prefix`, filled in from `context`,
    plain text with an HTML alternative, from DEFAULT_FROM_EMAIL to `to`; the caller sends it. KeyError names a
    wording that does not exist."""
    if template_prefix not in _EMAILS:
        raise KeyError(f"accounts/emails.py has no wording for {template_prefix!r}")
    return _render(template_prefix, context, _settings.DEFAULT_FROM_EMAIL, [to])


__all__ += ["render_email"]


# Staff lists and enrolment (workforce): who learns free by their address, so needs no licence seat.
__all__ += ["eligible_by_email"]


def eligible_by_email(email: str) -> bool:
    """Whether this address alone gives free access (an eligible domain or a subdomain of one)."""
    from .eligibility import check_email

    return check_email(email).eligible


# Records shared by permission (sharing, docs/decisions/0027): a grant is bound to an address its holder proved.
__all__ += ["verified_emails"]


def verified_emails(user_id: int) -> frozenset[str]:
    """The account's confirmed email addresses, lower-cased (one query); unconfirmed ones are not among them."""
    from allauth.account.models import EmailAddress

    found = EmailAddress.objects.filter(user_id=user_id, verified=True).values_list("email", flat=True)
    return frozenset(email.lower() for email in found)


# The Electronic Staff Record's export and reconciliation (issue 12, docs/decisions/0028).
from .esr_numbers import esr_staff_number_holders, esr_staff_numbers  # noqa: E402

__all__ += ["esr_staff_number_holders", "esr_staff_numbers"]
# Managers' reports (issue 12, docs/decisions/0025): narrowing people down by profession.
__all__ += ["with_profession"]


def with_profession(user_ids: Sequence[int], profession: str) -> set[int]:
    """Those of these people whose profile gives this profession (a key of PROFESSION_CHOICES); one query."""
    return set(
        User.objects.filter(pk__in=ids_in(list(user_ids)), profile__profession=profession).values_list("pk", flat=True)
    )
