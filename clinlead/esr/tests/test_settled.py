"""An export never reads past a completion whose transaction is still open (PostgreSQL: concurrent writers).

Ids are drawn at insert but committed in any order; if an export could see id 11 while 10 was uncommitted, its
cursor would pass 10 for good. `settled_completion_id` waits for open writers instead (docs/decisions/0028).
"""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from clinlead.accounts.testing import make_learner
from clinlead.learning import api as learning
from clinlead.learning.testing import write_completion


@pytest.mark.django_db(transaction=True)
def test_the_settled_id_waits_for_a_completion_still_being_recorded() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite commits one writer at a time: ids are visible in order there")
    user_id = int(make_learner("writer@nhs.net").pk)
    inserted, release = threading.Event(), threading.Event()
    made: list[int] = []
    settled: list[int] = []

    def write() -> None:
        try:
            with transaction.atomic():
                made.append(write_completion(user_id, "example", "speaking-up", timezone.now()))
                inserted.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    def read() -> None:
        try:
            settled.append(learning.settled_completion_id())
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    assert inserted.wait(timeout=20)
    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=1.5)
    waited = reader.is_alive()  # still waiting for the open transaction
    release.set()
    writer.join(timeout=20)
    reader.join(timeout=20)
    assert waited
    assert settled == made
