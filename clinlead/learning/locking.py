"""How learning's writes take locks, and what they do when the database reports a collision.

The lock order (docs/decisions/0010), which every write path in `learning` follows:

1. the learner's `Learner` row: taken first by every write for that learner, so one learner's
   writes run one at a time and none of the locks below can ever be taken in a different order
   by two of their requests (on a learner's very first write, their account row is locked just
   before it is created, so that the account cannot be deleted under it);
2. the session's `SessionProgress` row;
3. the rows the write changes: page views, answers, the completion;
4. whatever subscribers to `events.completion_recorded` write (the certificate), inside the same
   transaction.

Different learners share no rows, so they never wait for each other. SQLite has no row locks:
it runs write transactions one at a time (`BEGIN IMMEDIATE`), which is the same order trivially.
"""

import functools
import logging
import random
import time
from collections.abc import Callable, Collection
from typing import ParamSpec, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from .bulk import ids_in, insert_new
from .models import Learner

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# PostgreSQL's SQLSTATEs for a transaction the server chose to abort so that others could go on:
# deadlock_detected and serialization_failure. Running the whole transaction again is the cure.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
ATTEMPTS = 5


def is_conflict(error: BaseException) -> bool:
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate in RETRYABLE_SQLSTATES


def retry_on_conflict(function: Callable[P, R]) -> Callable[P, R]:
    """Run a write transaction again when the database aborted it for a deadlock or serialisation failure.

    Only the outermost transaction can be run again: inside someone else's transaction the error
    goes up to whoever opened it.
    """

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            return function(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or not is_conflict(error):
                    raise
                log.warning("%s: %s; running it again (attempt %d)", function.__qualname__, error, attempt + 1)
                # A little random back-off so that the two colliding transactions do not collide again.
                time.sleep(random.uniform(0, 0.005 * 2**attempt))  # noqa: S311 - jitter, not a secret
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    return run


def lock_learner(user_id: int) -> None:
    """Take lock 1 for this transaction: the learner's row, created on their first write.

    Raises PermissionDenied if the account has been deleted (perhaps by a request that held this
    lock a moment ago): nothing may be recorded for a person who is no longer there.
    """
    if _locked(user_id):
        return
    # Foreign keys are checked only at commit on PostgreSQL, so make sure the account exists, and
    # keep it from being deleted until we commit, before writing anything that refers to it.
    if not get_user_model().objects.select_for_update(no_key=True).filter(pk=user_id).exists():
        raise PermissionDenied("this account has been deleted")
    try:
        with transaction.atomic():
            Learner.objects.create(user_id=user_id)  # the new row is ours (locked) until we commit
    except IntegrityError:  # a concurrent first write created it: wait for it like any other
        if not _locked(user_id):
            raise PermissionDenied("this account has been deleted") from None


def _locked(user_id: int) -> bool:
    return Learner.objects.select_for_update().filter(user_id=user_id).exists()


def lock_learners(user_ids: Collection[int]) -> set[int]:
    """Take lock 1 for many learners at once (learning assigned to a workforce), in user id order so that
    two such writes never wait for each other in a circle; returns the ids whose accounts exist.

    As in `lock_learner`: existing `Learner` rows first; for the others, their accounts are locked against
    deletion, in id order, before their rows are created. A fixed number of queries whatever the number.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return set()
    locked = _lock_rows(ids)
    first = [i for i in ids if i not in locked]
    if first:
        accounts = get_user_model().objects.select_for_update(no_key=True).filter(pk__in=ids_in(first))
        existing = list(accounts.order_by("pk").values_list("pk", flat=True))
        insert_new(Learner, [("user", "bigint")], [(i,) for i in existing], {"first_write_at": timezone.now()})
        locked |= _lock_rows(existing)
    return locked


def _lock_rows(ids: list[int]) -> set[int]:
    rows = Learner.objects.select_for_update().filter(user_id__in=ids_in(ids)).order_by("user_id")
    return set(rows.values_list("user_id", flat=True))
