"""The completions export in the layout of docs/esr-export.md: one row per completion per post, in the order
they joined the organisation's export (the ledger, ledger.py).

The cursor is the id of the last ledger entry handed out, encoded so nobody builds on its form. Only entries up to
`ledger.settled_entry_id` are read, so one written while an export runs is in the next one, once; a completion made
before the person's post existed joins the ledger when the post is recorded, so it is in the next export too.
"""

import base64
import binascii
import calendar
import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.learning import api as learning
from clinlead.organisations import api as organisations

from .ledger import settled_entry_id
from .models import LedgerEntry

# (column heading, field of ExportRow), in the order of docs/esr-export.md.
COLUMNS = (
    ("ESR Assignment Number", "esr_assignment_number"),
    ("ESR Staff Number", "esr_staff_number"),
    ("Organisation ODS Code", "organisation_code"),
    ("Person Name", "person_name"),
    ("Email", "email"),
    ("Competence Name", "competence_name"),
    ("Completion Date", "completion_date"),
    ("Expiry Date", "expiry_date"),
    ("Session ID", "session_id"),
    ("Completion ID", "completion_id"),
)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class BadCursor(ValueError):
    """A cursor this service did not hand out."""


@dataclass(frozen=True)
class ExportRow:
    esr_assignment_number: str
    esr_staff_number: str
    organisation_code: str
    person_name: str
    email: str
    competence_name: str
    completion_date: str  # YYYY-MM-DD, in the UK
    expiry_date: str  # YYYY-MM-DD, or empty when the session sets no expiry
    session_id: str  # programme key/session key, as in its launch address
    completion_id: str  # the completion's UUID

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class ExportPage:
    rows: tuple[ExportRow, ...]
    next_cursor: str
    more: bool  # whether more completions are waiting past next_cursor already


# "esr1" cursors counted completion ids, and missed completions made before a post existed; they were handed out
# only before issue 12 was released, so they are refused like any other cursor that is not ours.
CURSOR_PREFIX = "esr2"


def encode_cursor(entry_id: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}:{entry_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The ledger entry id a cursor stands for (0 for none: everything)."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor(cursor) from error
    prefix, _, number = text.partition(":")
    if prefix != CURSOR_PREFIX or not number.isdigit():
        raise BadCursor(cursor)
    return int(number)


def export_page(organisation_id: int, cursor: str = "", limit: int | None = None) -> ExportPage:
    """Completions of the organisation's people (it and everything below it) after the cursor: all of them, or
    the next `limit`. A fixed number of queries, whatever the number of people or completions. ExportBusy when
    the ledger is being written for longer than an export waits."""
    after = decode_cursor(cursor)
    settled = settled_entry_id()
    posts = {(post.user_id, post.organisation_id): post for post in organisations.esr_posts_in(organisation_id)}
    subtree = sorted({organisation for _, organisation in posts})
    entries = (
        LedgerEntry.objects.filter(organisation_id__in=subtree, id__gt=after, id__lte=settled)
        .order_by("id")
        .values_list("id", "completion_uuid", "user_id", "organisation_id")
    )
    found = list(entries if limit is None else entries[:limit])
    more = limit is not None and len(found) == limit
    next_id = found[-1][0] if more else max(after, settled)
    completions = learning.recorded_completions_by_uuid([str(uuid) for _, uuid, _, _ in found])
    # An entry whose post or completion has gone since (the person's account deleted) has nothing left to say.
    pairs = [
        (completions[str(uuid)], posts[user_id, organisation])
        for _, uuid, user_id, organisation in found
        if str(uuid) in completions and (user_id, organisation) in posts
    ]
    return ExportPage(tuple(_rows(pairs)), encode_cursor(next_id), more)


def _rows(pairs: list[tuple[learning.RecordedCompletion, organisations.EsrPost]]) -> Iterator[ExportRow]:
    user_ids = sorted({completion.user_id for completion, _ in pairs})
    people = accounts.people(user_ids)
    staff_numbers = accounts.esr_staff_numbers(user_ids)
    competences = catalogue.esr_competences()
    for completion, post in pairs:
        person = people.get(completion.user_id)
        competence = competences.get((completion.programme_key, completion.session_key))
        name = competence.name if competence else completion.session_key
        completed_on = timezone.localtime(completion.completed_at).date()
        months = competence.expiry_months if competence else None
        expiry = add_months(completed_on, months).isoformat() if months else ""
        yield ExportRow(
            esr_assignment_number=post.esr_assignment_number,
            esr_staff_number=staff_numbers.get(completion.user_id, ""),
            organisation_code=post.organisation_code,
            person_name=person.name if person else "",
            email=person.email if person else "",
            competence_name=name,
            completion_date=completed_on.isoformat(),
            expiry_date=expiry,
            session_id=f"{completion.programme_key}/{completion.session_key}",
            completion_id=completion.uuid,
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter (31 January + 1 month: 28 or 29 February),
    as ESR counts expiry."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(rows: Iterable[ExportRow]) -> str:
    """The rows as CSV under the documented headings (UTF-8 with a byte order mark, so Excel reads the dashes
    in competence names right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading for heading, _ in COLUMNS])
    for row in rows:
        values = row.as_dict()
        writer.writerow([neutralise(values[field]) for _, field in COLUMNS])
    return "\ufeff" + out.getvalue()


def file_name(organisation_code: str, cursor: str, next_cursor: str, today: datetime.date) -> str:
    """Says what the file holds and ends with the cursor for the next incremental export (a cursor is made of
    letters, digits, '-' and '_' only, so it is safe in a file name)."""
    kind = "incremental" if cursor else "complete"
    return f"esr-completions-{organisation_code}-{kind}-{today.isoformat()}-next-{next_cursor}.csv"
