"""Free access by employment: a person working at an eligible organisation, or anywhere below one, learns free
while that employment lasts (issue 10: eligibility "comes from the organisation ... and changes when an
employment ends"). Eligibility passes down the tree, so flagging a trust covers its sites and departments
without flagging each one (docs/decisions/0022)."""

import datetime
from collections.abc import Collection

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Employment, Organisation
from .tree import ancestor_ids


def current_employments(user_id: int, today: datetime.date | None = None) -> QuerySet[Employment]:
    """The person's employments that have started and not ended on `today` (an end date is the last day)."""
    today = today or timezone.localdate()
    return Employment.objects.filter(user_id=user_id).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=today), Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )


def free_access_by_employment(user_id: int, today: datetime.date | None = None) -> str | None:
    """Why the person learns free because of where they work, or None: two queries whatever the tree's depth."""
    posts = list(current_employments(user_id, today).values_list("organisation__name", "organisation__path"))
    if not posts:
        return None
    above = {pk for _, path in posts for pk in ancestor_ids(path)}
    eligible = dict(Organisation.objects.filter(pk__in=above, eligible=True).values_list("pk", "name"))
    for name, path in sorted(posts):
        # Nearest first: the organisation itself, then its parent, and so on up the tree.
        here_and_above = ancestor_ids(path)
        for pk in reversed(here_and_above):
            if pk not in eligible:
                continue
            if pk == here_and_above[-1]:
                return f"You work at {name}, whose staff have free access."
            return f"You work at {name}, part of {eligible[pk]}, whose staff have free access."
    return None


def free_access_at(organisation_ids: Collection[int]) -> set[int]:
    """Those of these organisations whose staff learn free: eligible themselves or below an eligible one (two
    queries, however many organisations)."""
    paths = dict(Organisation.objects.filter(pk__in=list(organisation_ids)).values_list("pk", "path"))
    above = {pk for path in paths.values() for pk in ancestor_ids(path)}
    eligible = set(Organisation.objects.filter(pk__in=above, eligible=True).values_list("pk", flat=True))
    return {pk for pk, path in paths.items() if eligible.intersection(ancestor_ids(path))}
