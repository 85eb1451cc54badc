"""The same statement id posted twice at the same instant on PostgreSQL (threads on a barrier, each with its own
connection): one row, and the second request answered as the spec says (200 with the id when the content is the
same, 409 when it differs), never a 500. SQLite runs writers one at a time, so the race exists only on PostgreSQL."""

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection

from clinlead.learning.testing import released_together
from clinlead.lrs.models import Statement

from .conftest import Xapi, statement


def _skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time, so two posts cannot overlap there; PostgreSQL can")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", [5])
def test_the_same_statement_posted_twice_at_once_is_stored_once(make_xapi: Callable[..., Xapi], rounds: int) -> None:
    _skip_unless_postgresql()
    one, two = make_xapi("statements/write", name="one"), make_xapi("statements/write", name="two")
    for _ in range(rounds):
        sent = statement()
        results: list[Any] = released_together(partial(one.post, sent), partial(two.post, sent))
        assert not [r for r in results if isinstance(r, BaseException)], results
        assert [r.status_code for r in results] == [200, 200], [r.content for r in results]
        assert [r.json() for r in results] == [[sent["id"]], [sent["id"]]]
        assert Statement.objects.filter(uuid=sent["id"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_different_statements_with_one_id_at_once_store_one_and_refuse_the_other(
    make_xapi: Callable[..., Xapi],
) -> None:
    _skip_unless_postgresql()
    one, two = make_xapi("statements/write", name="one"), make_xapi("statements/write", name="two")
    first = statement()
    second = {**first, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    results: list[Any] = released_together(lambda: one.post(first), lambda: two.post(second))
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sorted(r.status_code for r in results) == [200, 409], [r.content for r in results]
    stored = Statement.objects.get(uuid=first["id"])
    winner = first if results[0].status_code == 200 else second
    assert stored.data["verb"]["id"] == winner["verb"]["id"]
