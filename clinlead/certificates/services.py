"""The one place that writes certificates."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.learning.api import CompletionData
from clinlead.wording import minutes_from_seconds

from .models import Certificate
from .numbers import new_number


def issue(completion: CompletionData) -> Certificate:
    """The certificate for a completion, issued on first call; later calls return the same one."""
    existing = Certificate.objects.filter(completion_uuid=completion.uuid).first()
    if existing is not None:
        return existing
    learner = accounts.learner(completion.user_id)
    details = catalogue.version_details(completion.programme_key, completion.session_key, completion.version)
    domains = list(dict.fromkeys(f"{e.domain_key} {e.domain_title}" for e in details.elements))
    completed_on = timezone.localdate(completion.completed_at)
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                number=new_number(),
                completion_uuid=completion.uuid,
                user_id=completion.user_id,
                learner_name=learner.name_on_certificates,
                programme_key=completion.programme_key,
                programme_title=details.programme.title,
                session_key=completion.session_key,
                session_version=completion.version,
                session_title=details.title,
                domains=domains,
                elements=[f"{e.key} {e.title}" for e in details.elements],
                # Never less than a minute: a completion took some time, even if no beacon reported it.
                minutes_spent=max(1, minutes_from_seconds(completion.seconds_spent)),
                score_percent=completion.score_percent,
                completed_on=completed_on,
            )
    except IntegrityError:  # issued by a concurrent request for the same completion
        return Certificate.objects.get(completion_uuid=completion.uuid)


def issue_for_event(sender: object, completion: CompletionData, **kwargs: object) -> None:
    """Receiver of learning's `completion_recorded`: runs inside the completion's own transaction."""
    issue(completion)


def forget_learner(user_id: int) -> None:
    """A deleted account's certificates lose the person (their name and account) but keep checking
    as genuine for the session and date they state (docs/decisions/0016)."""
    Certificate.objects.filter(user_id=user_id).update(user=None, learner_name="")
