"""Lists of ids of any length go to the database as one parameter and select exactly those rows, on both
databases (clinlead/many_values.py), so a report on thousands of people costs no more queries than on one."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinlead.accounts import api as accounts
from clinlead.many_values import ids_in


def _people(count: int) -> list[int]:
    user = get_user_model()
    user.objects.bulk_create([user(email=f"person{n}@example.org", password="!") for n in range(count)])
    return sorted(user.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_thousands_of_ids_are_one_parameter_and_select_exactly_those() -> None:
    ids = _people(3000)
    wanted = [*ids[::2], max(ids) + 1000]  # every other person, and an id nobody has
    query = get_user_model().objects.filter(pk__in=ids_in(wanted)).values_list("pk", flat=True)
    _, params = query.query.sql_with_params()
    assert len(params) == 1
    assert sorted(query) == ids[::2]


@pytest.mark.django_db
def test_no_ids_select_nobody() -> None:
    _people(3)
    assert list(get_user_model().objects.filter(pk__in=ids_in([]))) == []


@pytest.mark.django_db
def test_names_of_thousands_of_people_take_one_query() -> None:
    ids = _people(2500)
    with CaptureQueriesContext(connection) as queries:
        found = accounts.people(ids)
    assert sorted(found) == ids
    assert found[ids[0]].email == "person0@example.org"
    assert len(queries) == 1
