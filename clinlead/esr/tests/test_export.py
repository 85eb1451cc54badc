"""The export: columns exactly as docs/esr-export.md sets them out, and incremental exports that hand out each
completion once, whatever the timing."""

import csv
import datetime
import io
import re
from pathlib import Path

from django.utils import timezone

from clinlead.esr import exporting
from clinlead.learning import api as learning

from .conftest import Trusts, signed_in

DOC = Path(__file__).resolve().parents[3] / "docs" / "esr-export.md"


def documented_columns() -> list[tuple[str, str]]:
    return re.findall(r"^\| \d+ \| `([^`]+)` \| `([^`]+)` \|", DOC.read_text(encoding="utf-8"), re.MULTILINE)


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_columns_are_exactly_the_documented_ones_in_order() -> None:
    assert documented_columns() == list(exporting.COLUMNS)
    assert len(exporting.COLUMNS) == 10


def test_the_documented_example_has_the_documented_headings() -> None:
    example = DOC.read_text(encoding="utf-8").split("```csv\n", 1)[1].split("```", 1)[0]
    rows = list(csv.reader(io.StringIO(example)))
    assert rows[0] == [heading for heading, _ in exporting.COLUMNS]
    assert all(len(row) == len(exporting.COLUMNS) for row in rows)


def test_a_complete_download_has_a_row_per_completion_in_the_documented_layout(trusts: Trusts) -> None:
    moment = timezone.make_aware(datetime.datetime(2026, 1, 31, 23, 30))  # the UK date, not UTC's
    amara = trusts.complete(trusts.amara, moment)
    trusts.complete(trusts.ben)
    trusts.complete(trusts.cara)  # another trust's: not in ZZ1's export
    response = signed_in(trusts.manager).get(f"/esr/{trusts.zz1}/completions.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.content.decode())
    assert rows[0] == [heading for heading, _ in exporting.COLUMNS]
    uuid = learning.recorded_completions([trusts.amara], 0, amara)[0].uuid
    assert rows[1] == [
        "20000001-01",
        "",
        "ZZ101",
        "Amara Okafor",
        "amara@northshire-th.nhs.uk",
        "Leadership for Clinicians – Speaking up",
        "2026-01-31",
        "2029-01-31",
        "example/speaking-up",
        uuid,
    ]
    assert [row[3] for row in rows[1:]] == ["Amara Okafor", "Ben Hughes"]
    assert rows[2][0] == ""  # Ben's staff list gave no assignment number
    cursor = response["ESR-Next-Cursor"]
    assert response["Content-Disposition"].endswith(f'-next-{cursor}.csv"')


def test_expiry_falls_on_the_last_day_of_a_shorter_month() -> None:
    assert exporting.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert exporting.add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert exporting.add_months(datetime.date(2026, 5, 15), 36) == datetime.date(2029, 5, 15)


def test_incremental_exports_hand_out_each_completion_once_even_within_one_second(trusts: Trusts) -> None:
    first = exporting.export_page(trusts.zz1)
    assert first.rows == ()
    assert not first.more
    second = timezone.now().replace(microsecond=0)
    trusts.complete(trusts.amara, second)
    trusts.complete(trusts.ben, second)  # the same second
    after = exporting.export_page(trusts.zz1, first.next_cursor)
    assert [r.person_name for r in after.rows] == ["Amara Okafor", "Ben Hughes"]
    again = exporting.export_page(trusts.zz1, after.next_cursor)
    assert again.rows == ()
    assert again.next_cursor == after.next_cursor
    trusts.complete(trusts.manager, second)  # employed nowhere: never exported
    late = trusts.complete(trusts.amara, second - datetime.timedelta(days=1), "s2")  # recorded later, dated earlier
    latest = exporting.export_page(trusts.zz1, again.next_cursor)
    assert [r.completion_id for r in latest.rows] == [
        learning.recorded_completions([trusts.amara], late - 1, late)[0].uuid
    ]


def test_a_completion_recorded_between_two_pages_comes_once_on_a_later_page(trusts: Trusts) -> None:
    for n in range(3):
        trusts.complete(trusts.amara, session=f"s{n}")
    page1 = exporting.export_page(trusts.zz1, "", limit=2)
    assert len(page1.rows) == 2
    assert page1.more
    trusts.complete(trusts.ben)
    page2 = exporting.export_page(trusts.zz1, page1.next_cursor, limit=2)
    assert [r.person_name for r in page2.rows] == ["Amara Okafor", "Ben Hughes"]
    assert page2.more
    page3 = exporting.export_page(trusts.zz1, page2.next_cursor, limit=2)
    assert page3.rows == ()
    assert not page3.more
    ids = [r.completion_id for p in (page1, page2) for r in p.rows]
    assert len(ids) == len(set(ids)) == 4


def test_someone_with_posts_at_two_sites_has_a_row_under_each_assignment(trusts: Trusts) -> None:
    from clinlead.organisations import api as organisations
    from clinlead.organisations.testing import organisation_id

    organisations.record_employments(
        [organisations.EmploymentRow(trusts.amara, organisation_id("ZZ102"), esr_assignment_number="20000001-02")]
    )
    trusts.complete(trusts.amara)
    rows = exporting.export_page(trusts.zz1).rows
    assert sorted((r.esr_assignment_number, r.organisation_code) for r in rows) == [
        ("20000001-01", "ZZ101"),
        ("20000001-02", "ZZ102"),
    ]
    assert rows[0].completion_id == rows[1].completion_id


def test_a_cursor_not_handed_out_is_refused_on_the_page_with_a_message(trusts: Trusts) -> None:
    response = signed_in(trusts.manager).get(f"/esr/{trusts.zz1}/completions.csv?cursor=not-ours")
    assert response.status_code == 400
    assert "This is not a cursor from an export of ours" in response.content.decode()


def test_the_export_makes_a_fixed_number_of_queries(trusts: Trusts, django_assert_max_num_queries) -> None:
    for n in range(20):
        trusts.complete(trusts.amara, session=f"s{n}")
        trusts.complete(trusts.ben, session=f"s{n}")
    # The settled id (2 on PostgreSQL), the posts (2), the ledger, the completions, people, staff numbers, competences.
    with django_assert_max_num_queries(11):
        page = exporting.export_page(trusts.zz1)
    assert len(page.rows) == 40
