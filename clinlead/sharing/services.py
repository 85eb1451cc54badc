"""Every write of sharing: grants, links, revoking them, and the log of reads. Each in one transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.tasks import api as tasks

from . import tokens
from .data import GrantData, LinkData
from .models import Grant, Read, ShareLink

EMAIL_GRANT = "sharing.email-grant"  # the background task that sends the grant's email (background.py)


def _site(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def share_record(learner_id: int, email: str, ends_on: datetime.date, include_reflections: bool) -> str:
    """Give the holder of `email` read access until the end of `ends_on`, and queue the email that tells them
    (sent by a background task once the grant is committed, so a mail failure never undoes the grant). The
    grant's uuid."""
    email = email.strip().lower()
    with transaction.atomic():
        grant = Grant.objects.create(
            learner_id=learner_id,
            grantee_email=email,
            include_reflections=include_reflections,
            created_at=timezone.now(),
            ends_on=ends_on,
        )
        grant.email_run = tasks.start(EMAIL_GRANT, started_by=learner_id, grant_id=grant.pk)
        grant.save(update_fields=["email_run"])
    return str(grant.uuid)


def send_grant_email(grant_id: int) -> bool:
    """Email the grantee the link to the record, once per grant: whether this call sent it. Nothing is sent for a
    grant already emailed, revoked, or gone with the learner's account, so a replayed run is harmless."""
    with transaction.atomic():
        # The claim and the send share one transaction: a send that raises rolls the claim back, so the retry
        # sends; a second run waits on the row (PostgreSQL) or the write lock (SQLite) and then claims nothing.
        claimed = Grant.objects.filter(pk=grant_id, emailed_at__isnull=True, revoked_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        grant = Grant.objects.get(pk=grant_id)
        learner = accounts.learner(grant.learner_id)
        context: dict[str, object] = {
            "learner": learner.name_on_certificates,
            "learner_email": learner.email,
            "email": grant.grantee_email,
            "ends": grant.ends_on.strftime("%-d %B %Y"),
            "extra": ", and their reflections" if grant.include_reflections else "",
            "record_url": _site(reverse("sharing:shared-record", args=[grant.uuid])),
        }
        accounts.render_email("sharing/email/record_shared", context, grant.grantee_email).send()
    return True


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
