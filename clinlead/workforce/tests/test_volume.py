"""A staff list of 100,000 people is streamed and checked with a fixed number of queries per chunk of rows."""

import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinlead.accounts.testing import make_learner
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import organisation_id
from clinlead.workforce.data import Limits
from clinlead.workforce.staff_file import preview_staff_file

from .files import big_staff_list, csv_file, person


def queries_to_preview(content: bytes, manager_id: int, limits: Limits) -> int:
    with CaptureQueriesContext(connection) as captured:
        found = preview_staff_file(io.BytesIO(content), manager_id, limits=limits)
    assert found.errors == []
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_rows(manager_id: int) -> None:
    # Some people exist already and work somewhere, so every look-up finds something.
    for n in range(0, 12, 3):
        user = make_learner(f"person{n}@staff.example")
        organisations.record_employments(
            [organisations.EmploymentRow(user.pk, organisation_id("ZZ301"), "Nurse", "Nursing", f"{n}-99")]
        )
    limits = Limits(chunk_rows=1000)
    few = queries_to_preview(csv_file(person(n) for n in range(10)), manager_id, limits)
    one_chunk = queries_to_preview(big_staff_list(1000), manager_id, limits)
    three_chunks = queries_to_preview(big_staff_list(3000), manager_id, limits)
    assert few == one_chunk
    per_chunk = (three_chunks - one_chunk) // 2
    assert per_chunk <= 4  # organisations (once per new code), accounts, ESR numbers, current posts
    assert one_chunk <= 12


def test_progress_is_reported_per_chunk_and_ends_complete(manager_id: int) -> None:
    seen: list[tuple[int, int]] = []
    content = big_staff_list(250)
    preview_staff_file(
        io.BytesIO(content), manager_id, limits=Limits(chunk_rows=100), on_progress=lambda d, t: seen.append((d, t))
    )
    assert len(seen) == 4
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (len(content), len(content))


@pytest.mark.parametrize(("kind", "rows"), [("csv", 100_000), ("xlsx", 20_000)])
def test_a_big_list_is_checked_in_bounded_queries(kind: str, rows: int, manager_id: int) -> None:
    content = big_staff_list(rows, kind=kind)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        found = preview_staff_file(io.BytesIO(content), manager_id)
    took = time.perf_counter() - started
    assert (found.summary.rows, found.summary.new_people, found.problems) == (rows, rows, [])
    assert found.can_commit
    assert found.summary.organisations == {
        "ZZ101": rows // 3 + (rows % 3 > 0),
        "ZZ102": rows // 3 + (rows % 3 > 1),
        "ZZ103": rows // 3,
    }
    chunks = -(-rows // 2000)
    assert len(captured) <= 10 + 3 * chunks
    size = f"{len(content) / 1e6:.1f} MB"
    print(f"\n{connection.vendor} {kind} {rows:,} rows ({size}): {took:.1f} s, {len(captured)} queries")
