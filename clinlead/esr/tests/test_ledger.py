"""The export's ledger: a completion made before the person's post joins the next incremental export, once; the
cursor never passes an entry still being written; an export that would wait too long says so (docs/decisions/0028)."""

import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from clinlead.accounts.testing import make_learner
from clinlead.esr import exporting, ledger
from clinlead.esr.models import LedgerEntry
from clinlead.learning import api as learning
from clinlead.learning.testing import write_completion
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import organisation_id
from tests.factories import play_everything, signed_in

from .conftest import Trusts
from .test_api import get, token_for, validate

pytestmark = pytest.mark.django_db


def post_at(user_id: int, code: str, number: str = "", job_role: str = "") -> None:
    organisations.record_employments(
        [organisations.EmploymentRow(user_id, organisation_id(code), job_role=job_role, esr_assignment_number=number)]
    )


def test_a_completion_made_before_the_post_is_in_the_next_incremental_export_once(trusts: Trusts) -> None:
    dan = int(make_learner("dan@northshire-th.nhs.uk", name="Dan Newstarter").pk)
    trusts.complete(dan)  # no post anywhere yet
    before = exporting.export_page(trusts.zz1)
    assert "Dan Newstarter" not in [r.person_name for r in before.rows]

    post_at(dan, "ZZ101", "20000009-01")  # joins the trust: the staff list records his post
    after = exporting.export_page(trusts.zz1, before.next_cursor)
    assert [(r.person_name, r.esr_assignment_number) for r in after.rows] == [("Dan Newstarter", "20000009-01")]

    # Once: the next export is empty, and so is the one after the same staff list, or a changed one, comes again.
    again = exporting.export_page(trusts.zz1, after.next_cursor)
    assert again.rows == ()
    post_at(dan, "ZZ101", "20000009-01")
    post_at(dan, "ZZ101", "20000009-01", job_role="Ward sister")
    assert exporting.export_page(trusts.zz1, again.next_cursor).rows == ()
    complete = [r.person_name for r in exporting.export_page(trusts.zz1).rows]
    assert complete.count("Dan Newstarter") == 1


def test_a_move_to_another_trust_brings_earlier_completions_to_the_new_trust_only(trusts: Trusts) -> None:
    trusts.complete(trusts.cara)  # at ZZ2
    zz1 = exporting.export_page(trusts.zz1)
    zz2 = exporting.export_page(trusts.zz2)
    assert [r.person_name for r in zz2.rows] == ["Cara Lewis"]
    post_at(trusts.cara, "ZZ101", "30000001-02")
    assert [(r.person_name, r.organisation_code) for r in exporting.export_page(trusts.zz1, zz1.next_cursor).rows] == [
        ("Cara Lewis", "ZZ101")
    ]
    assert exporting.export_page(trusts.zz2, zz2.next_cursor).rows == ()


def test_a_completion_through_the_player_joins_the_ledger_in_its_own_transaction(trusts: Trusts) -> None:
    start = exporting.export_page(trusts.zz1)
    play_everything(signed_in(make_learner_with_post()))
    rows = exporting.export_page(trusts.zz1, start.next_cursor).rows
    assert [(r.person_name, r.session_id) for r in rows] == [("Erin Player", "example/speaking-up")]


def make_learner_with_post() -> Any:
    user = make_learner("erin@northshire-th.nhs.uk", name="Erin Player")
    post_at(int(user.pk), "ZZ102")
    return user


def test_the_api_follows_the_ledger_too(trusts: Trusts) -> None:
    token = token_for(trusts, trusts.zz1)
    dan = int(make_learner("dan@northshire-th.nhs.uk", name="Dan Newstarter").pk)
    trusts.complete(dan)
    first = validate(get(token), 200)
    post_at(dan, "ZZ102")
    later = validate(get(token, f"?cursor={first['next_cursor']}"), 200)
    assert [c["person_name"] for c in later["completions"]] == ["Dan Newstarter"]


def test_an_old_style_cursor_is_refused(trusts: Trusts) -> None:
    import base64

    old = base64.urlsafe_b64encode(b"esr1:5").decode().rstrip("=")
    with pytest.raises(exporting.BadCursor):
        exporting.export_page(trusts.zz1, old)


def _hold_an_entry_open(user_id: int, inserted: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic():
            completion_id = write_completion(user_id, "example", "s9", timezone.now())
            (made,) = learning.recorded_completions([user_id], completion_id - 1, completion_id)
            ledger.record_completion(made.uuid, user_id)
            inserted.set()
            release.wait(timeout=20)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_settled_id_waits_for_an_entry_still_being_written_and_gives_up_with_a_message(
    trusts: Trusts, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite commits one writer at a time: ids are visible in order there")
    inserted, release = threading.Event(), threading.Event()
    settled: list[int] = []
    errors: list[Exception] = []

    def read() -> None:
        try:
            settled.append(ledger.settled_entry_id())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=_hold_an_entry_open, args=(trusts.amara, inserted, release))
    writer.start()
    assert inserted.wait(timeout=20)
    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=1.0)
    waited = reader.is_alive()  # waiting for the open transaction, within the lock timeout
    reader.join(timeout=10)
    assert waited
    # Held past the timeout: the export gives up with a message, and neither the page nor the API hands out a cursor.
    assert not settled
    assert len(errors) == 1
    assert isinstance(errors[0], ledger.ExportBusy)
    assert "ask again in a minute" in str(errors[0])
    monkeypatch.setattr(ledger, "LOCK_TIMEOUT_MS", 200)
    busy = validate(get(token_for(trusts, trusts.zz1)), 503)
    assert "could not start" in busy["error"]
    release.set()
    writer.join(timeout=20)
    assert ledger.settled_entry_id() == LedgerEntry.objects.order_by("-id").values_list("id", flat=True)[0]
