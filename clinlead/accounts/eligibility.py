"""Who gets free access: staff whose email address belongs to a health or care organisation.

The list is configurable (ELIGIBLE_EMAIL_DOMAINS); a domain admits its subdomains too, so
"nhs.uk" admits "leedsth.nhs.uk" and "wales.nhs.uk".
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULT_ELIGIBLE_EMAIL_DOMAINS = (
    "nhs.net",  # NHSmail, used across health and care in England and Scotland
    "nhs.uk",  # NHS organisations in England and Wales (trust.nhs.uk, wales.nhs.uk)
    "nhs.scot",  # NHS Scotland
    "scot.nhs.uk",
    "hscni.net",  # Health and Social Care in Northern Ireland
    "nhs.wales",
)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    domain: str
    reason: str


def eligible_domains() -> tuple[str, ...]:
    configured = getattr(settings, "ELIGIBLE_EMAIL_DOMAINS", None)
    return tuple(d.lower().lstrip(".@") for d in configured) if configured else DEFAULT_ELIGIBLE_EMAIL_DOMAINS


def check_email(email: str) -> Eligibility:
    domain = email.rsplit("@", 1)[-1].strip().lower()
    for allowed in eligible_domains():
        if domain == allowed or domain.endswith("." + allowed):
            return Eligibility(True, domain, f"{domain} is a health and care email domain ({allowed})")
    return Eligibility(
        False,
        domain,
        f"{domain} is not on our list of health and care email domains",
    )
