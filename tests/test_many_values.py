"""`Among` (clinlead/many_values.py) finds what Django's `__in` finds, for any number of values, in one query."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from clinlead.accounts.testing import make_learner
from clinlead.bulk_insert import insert_rows
from clinlead.many_values import Among

User = get_user_model()
Organisation = apps.get_model("organisations", "Organisation")


@pytest.mark.django_db
def test_the_same_rows_as_in_for_integers_and_strings() -> None:
    people = [make_learner(f"p{n}@x.nhs.uk") for n in range(5)]
    wanted = [people[1].pk, people[3].pk, 10_000_000]  # one id nobody has
    assert sorted(User.objects.filter(Among(F("pk"), wanted)).values_list("pk", flat=True)) == sorted(
        User.objects.filter(pk__in=wanted).values_list("pk", flat=True)
    )
    assert set(User.objects.filter(Among(F("email"), ["p2@x.nhs.uk", "nobody@x.nhs.uk"])).values_list("pk", flat=True))
    assert User.objects.filter(Among(F("pk"), [])).count() == 0
    assert User.objects.exclude(Among(F("pk"), [people[0].pk])).count() == 4


@pytest.mark.django_db
def test_an_expression_on_the_left_compares_as_the_database_computes_it() -> None:
    insert_rows(User, ("email", "password"), [("Mixed.Case@X.nhs.uk", "!")])  # as an older account may be stored
    found = User.objects.filter(Among(Lower("email"), ["mixed.case@x.nhs.uk"]))
    assert list(found.values_list("email", flat=True)) == ["Mixed.Case@X.nhs.uk"]
    assert not User.objects.filter(Among(F("email"), ["mixed.case@x.nhs.uk"])).exists()


@pytest.mark.django_db
def test_forty_thousand_values_are_one_query_with_one_parameter() -> None:
    # More values than SQLite allows parameters in one statement (32,766), which `__in` would have to split.
    insert_rows(User, ("email", "password"), [(f"q{n:05d}@x.nhs.uk", "!") for n in range(40_000)])
    emails = [f"q{n:05d}@x.nhs.uk" for n in range(0, 80_000, 2)]  # half of them exist
    with CaptureQueriesContext(connection) as queries:
        assert User.objects.filter(Among(F("email"), emails)).count() == 20_000
    assert len(queries) == 1


def test_only_integers_and_strings_are_taken() -> None:
    for bad in ([True], [None], [1.5], [b"x"]):
        with pytest.raises(TypeError, match="integers or strings"):
            Among(F("pk"), bad)  # type: ignore[arg-type]
