"""The export's ledger: which completion joined which organisation's export, in an order that only rises
(docs/decisions/0028). Every write is here, each inside the transaction that caused it (learning's completion,
organisations' posts), through their events; `settled_entry_id` is how far an export may read."""

from django.db import OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from clinlead.bulk_insert import insert_rows
from clinlead.learning import api as learning
from clinlead.organisations import api as organisations

from .models import LedgerEntry

# How long an export waits for transactions still writing to the ledger (a big staff list being saved) before it
# gives up with ExportBusy: new completions queue behind the wait, so it must stay short.
LOCK_TIMEOUT_MS = 3000
_EVERYTHING = 2**62  # an id above any completion's, for "every completion of these people"


class ExportBusy(Exception):
    """The ledger was being written for longer than an export may wait; asking again shortly will work."""


def record(entries: list[tuple[str, int, int]]) -> None:
    """(completion uuid, user id, organisation id) rows, in the order given; those already there are skipped."""
    if entries:
        now = timezone.now()
        insert_rows(
            LedgerEntry,
            ("completion_uuid", "user_id", "organisation_id", "recorded_at"),
            [(uuid, user_id, organisation_id, now) for uuid, user_id, organisation_id in entries],
            skip_conflicts=True,
        )


def record_completion(completion_uuid: str, user_id: int) -> None:
    """A new completion joins the export of each organisation where the person has a post (none: nothing)."""
    posts = organisations.esr_posts_of([user_id])
    record([(completion_uuid, user_id, post.organisation_id) for post in posts])


def on_completion(sender: object, completion: learning.CompletionData, **kwargs: object) -> None:
    """Receiver of learning's `completion_recorded`, in the completion's transaction: one entry per post."""
    record_completion(completion.uuid, completion.user_id)


def on_posts(sender: object, user_ids: list[int], **kwargs: object) -> None:
    """Receiver of organisations' `posts_recorded`, in the posts' transaction: the completions these people made
    before, for each post they lack an entry for (skipped by the unique constraint otherwise), oldest first.
    Completions first: in a staff list of new starters most have none, and then nothing more is read."""
    completions = learning.recorded_completions(user_ids, 0, _EVERYTHING)
    if not completions:
        return
    organisations_of: dict[int, list[int]] = {}
    for post in organisations.esr_posts_of({completion.user_id for completion in completions}):
        organisations_of.setdefault(post.user_id, []).append(post.organisation_id)
    record(
        [
            (completion.uuid, completion.user_id, organisation_id)
            for completion in completions
            for organisation_id in organisations_of.get(completion.user_id, ())
        ]
    )


def settled_entry_id() -> int:
    """The highest entry id such that every entry with an id up to it is already visible (0 if none).

    Ids are drawn at insert and transactions commit in any order, so on PostgreSQL SHARE mode waits for every
    transaction that has written entries (they hold ROW EXCLUSIVE) and keeps new ones out for one short query;
    the highest id seen then is final. The wait is bounded by LOCK_TIMEOUT_MS (ExportBusy after it), since
    completions queue behind it. SQLite lets one writer write and commit at a time: ids are visible in order.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            try:
                with connection.cursor() as cursor:
                    # One round trip; SET LOCAL ends with this transaction, whatever the connection does next.
                    cursor.execute(
                        f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT_MS)}ms'; "
                        f"LOCK TABLE {LedgerEntry._meta.db_table} IN SHARE MODE"
                    )
            except OperationalError as error:
                if getattr(error.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
                    raise ExportBusy(
                        f"completions were being recorded for more than {LOCK_TIMEOUT_MS / 1000:g} seconds "
                        "(a large staff list being saved, say); ask again in a minute"
                    ) from error
                raise
        return LedgerEntry.objects.aggregate(highest=Max("id"))["highest"] or 0
