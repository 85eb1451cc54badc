"""Reads of grants, links and the log, as plain data; each a fixed number of queries."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.wording import date_in_words

from . import tokens
from .data import GrantData, LinkData, ReadData, SharedWithMe
from .models import Grant, Read, ShareLink

LOG_LENGTH = 500  # the learner's page lists this many of the latest reads


def _active() -> Q:
    return Q(revoked_at__isnull=True, ends_on__gte=timezone.localdate())


def grant_data(grant: Grant) -> GrantData:
    active = grant.revoked_at is None and grant.ends_on >= timezone.localdate()
    return GrantData(
        grant.pk,
        str(grant.uuid),
        grant.learner_id,
        grant.grantee_email,
        grant.include_reflections,
        grant.created_at,
        grant.ends_on,
        grant.revoked_at,
        active,
    )


def link_data(link: ShareLink) -> LinkData:
    active = link.revoked_at is None and link.ends_on >= timezone.localdate()
    return LinkData(
        link.pk,
        str(link.uuid),
        link.learner_id,
        link.label,
        link.include_reflections,
        link.created_at,
        link.ends_on,
        link.revoked_at,
        active,
    )


def grants_of(learner_id: int) -> list[GrantData]:
    """The learner's grants, newest first, ended ones included (one query)."""
    return [grant_data(g) for g in Grant.objects.filter(learner_id=learner_id).order_by("-created_at", "-pk")]


def links_of(learner_id: int) -> list[LinkData]:
    """The learner's share links, newest first, ended ones included (one query)."""
    return [link_data(k) for k in ShareLink.objects.filter(learner_id=learner_id).order_by("-created_at", "-pk")]


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{date_in_words(local)} at {local:%H:%M}"


def reads_of(learner_id: int) -> list[ReadData]:
    """The latest reads of the learner's record, newest first (one query)."""
    rows = (
        Read.objects.filter(learner_id=learner_id)
        .order_by("-viewed_at", "-pk")
        .values_list("viewed_at", "grant__grantee_email", "link__label", "link__created_at", "what")[:LOG_LENGTH]
    )
    found = []
    for viewed_at, email, label, link_made, what in rows:
        if email is not None:
            found.append(ReadData(viewed_at, _when(viewed_at), "grant", email, what))
        else:
            made = timezone.localtime(link_made).strftime("%-d %B %Y") if link_made else ""
            found.append(
                ReadData(viewed_at, _when(viewed_at), "link", f"“{label}”" if label else f"made on {made}", what)
            )
    return found


def shared_with(user_id: int) -> list[SharedWithMe]:
    """The records shared with the person, by a confirmed address of theirs, that have not ended (two queries
    and one more for the learners' names)."""
    emails = accounts.verified_emails(user_id)
    if not emails:
        return []
    grants = list(Grant.objects.filter(_active(), grantee_email__in=emails).order_by("ends_on", "pk"))
    names = accounts.people([g.learner_id for g in grants])
    return [
        SharedWithMe(str(g.uuid), names[g.learner_id].name, g.ends_on, g.include_reflections)
        for g in grants
        if g.learner_id in names
    ]


def grant_for_reader(user_id: int, grant_uuid: str) -> GrantData | None:
    """The grant, if it has not ended and was made to a confirmed address of this person; None otherwise."""
    emails = accounts.verified_emails(user_id)
    found = Grant.objects.filter(_active(), uuid=grant_uuid, grantee_email__in=emails).first() if emails else None
    return grant_data(found) if found else None


def link_for_token(token: str) -> LinkData | None:
    """The share link this token opens, if it has not ended; None for any other token."""
    parts = tokens.split(token)
    if parts is None:
        return None
    selector, secret = parts
    found = ShareLink.objects.filter(_active(), selector=selector).first()
    if found is None or not tokens.matches(secret, found.verifier_hash):
        return None
    return link_data(found)


def _shared(include_reflections: bool) -> list[str]:
    return ["completions", "certificates", "time", *(["reflections"] if include_reflections else [])]


def _iso(moment: datetime.datetime | datetime.date | None) -> str | None:
    return None if moment is None else moment.isoformat()


def export_of(learner_id: int) -> dict[str, Any]:
    """The learner's grants, links and reads for their data download (api.export): three `.values()` queries."""
    grants = Grant.objects.filter(learner_id=learner_id).order_by("created_at", "pk")
    links = ShareLink.objects.filter(learner_id=learner_id).order_by("created_at", "pk")
    # Every read, not the page's latest 500: the download is everything held.
    reads = Read.objects.filter(learner_id=learner_id).order_by("viewed_at", "pk")
    return {
        "grants": [
            {
                "shared_with": g["grantee_email"],
                "shared": _shared(g["include_reflections"]),
                "from": _iso(g["created_at"]),
                "last_day": _iso(g["ends_on"]),
                "revoked_at": _iso(g["revoked_at"]),
                "emailed_at": _iso(g["emailed_at"]),
            }
            for g in grants.values(
                "grantee_email", "include_reflections", "created_at", "ends_on", "revoked_at", "emailed_at"
            )
        ],
        # The selector and the secret's hash stay out: the download must not hold anything that opens a link.
        "share_links": [
            {
                "label": k["label"],
                "shared": _shared(k["include_reflections"]),
                "created_at": _iso(k["created_at"]),
                "last_day": _iso(k["ends_on"]),
                "revoked_at": _iso(k["revoked_at"]),
            }
            for k in links.values("label", "include_reflections", "created_at", "ends_on", "revoked_at")
        ],
        "reads": [
            {
                "viewed_at": _iso(r["viewed_at"]),
                "through": "grant" if r["grant_id"] is not None else "share link",
                "by": r["grant__grantee_email"] if r["grant_id"] is not None else None,
                "link_label": r["link__label"],
                "link_created_at": _iso(r["link__created_at"]),
                "what": r["what"],
            }
            for r in reads.values(
                "viewed_at", "grant_id", "grant__grantee_email", "link__label", "link__created_at", "what"
            )
        ],
    }
