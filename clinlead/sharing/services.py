"""Every write of sharing: grants, links, revoking them, and the log of reads. Each in one transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clinlead.accounts import api as accounts

from . import tokens
from .data import GrantData, LinkData
from .models import Grant, Read, ShareLink


def _site(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def share_record(learner_id: int, email: str, ends_on: datetime.date, include_reflections: bool) -> str:
    """Give the holder of `email` read access until the end of `ends_on`, and email them the link to the record
    once the grant is saved. The grant's uuid."""
    email = email.strip().lower()
    with transaction.atomic():
        grant = Grant.objects.create(
            learner_id=learner_id,
            grantee_email=email,
            include_reflections=include_reflections,
            created_at=timezone.now(),
            ends_on=ends_on,
        )
        learner = accounts.learner(learner_id)
        context: dict[str, object] = {
            "learner": learner.name_on_certificates,
            "learner_email": learner.email,
            "email": email,
            "ends": ends_on.strftime("%-d %B %Y"),
            "extra": ", and their reflections" if include_reflections else "",
            "record_url": _site(reverse("sharing:shared-record", args=[grant.uuid])),
        }
        message = accounts.render_email("sharing/email/record_shared", context, email)
        transaction.on_commit(message.send)
    return str(grant.uuid)


def revoke_grant(learner_id: int, grant_uuid: str) -> bool:
    """End the learner's grant now. False if they have no such grant; a grant already ended stays as it was, so
    a revoke sent twice is harmless."""
    grants = Grant.objects.filter(learner_id=learner_id, uuid=grant_uuid)
    with transaction.atomic():
        grants.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        return grants.exists()


def make_link(learner_id: int, label: str, ends_on: datetime.date, include_reflections: bool) -> str:
    """A new share link; its token, which exists nowhere else once the learner has been shown it."""
    new = tokens.new_token()
    ShareLink.objects.create(
        learner_id=learner_id,
        label=label.strip(),
        selector=new.selector,
        verifier_hash=new.verifier_hash,
        include_reflections=include_reflections,
        created_at=timezone.now(),
        ends_on=ends_on,
    )
    return new.token


def revoke_link(learner_id: int, link_uuid: str) -> bool:
    """End the learner's share link now; False if they have no such link. Harmless when sent twice."""
    links = ShareLink.objects.filter(learner_id=learner_id, uuid=link_uuid)
    with transaction.atomic():
        links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        return links.exists()


# The log: one insert per read, written before the record is read. If it cannot be written the error goes up and
# the page fails: a record is never shown without its read being logged.


def log_grant_read(grant: GrantData, reader_id: int, what: str) -> None:
    Read.objects.create(
        learner_id=grant.learner_id, grant_id=grant.id, reader_id=reader_id, viewed_at=timezone.now(), what=what
    )


def log_link_read(link: LinkData, what: str) -> None:
    Read.objects.create(learner_id=link.learner_id, link_id=link.id, viewed_at=timezone.now(), what=what)
