"""The lean bulk insert (clinlead/bulk_insert.py) writes what bulk_create would: the same values read back, the
fields' defaults, conflicts skipped or updated, many statements for many rows, and nothing at all on a failure."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinlead import bulk_insert
from clinlead.accounts.testing import make_learner
from clinlead.bulk_insert import insert_rows

# Real models of the site, looked up by name: the helper is for any model, and tests pass through apps' doors.
User = get_user_model()
Invitation = apps.get_model("accounts", "Invitation")
Employment = apps.get_model("organisations", "Employment")
Organisation = apps.get_model("organisations", "Organisation")


@pytest.mark.django_db
def test_values_read_back_as_bulk_create_writes_them() -> None:
    joined = timezone.now().replace(microsecond=123456)
    insert_rows(
        User,
        ("email", "first_name", "last_name", "password", "date_joined"),
        [("a@x.nhs.uk", "Ada", "Ó Sé", "!", joined)],
    )
    User.objects.bulk_create(
        [User(email="b@x.nhs.uk", first_name="Ada", last_name="Ó Sé", password="!", date_joined=joined)]
    )
    ours, theirs = User.objects.get(email="a@x.nhs.uk"), User.objects.get(email="b@x.nhs.uk")
    for field in (
        "first_name",
        "last_name",
        "password",
        "date_joined",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
    ):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert (ours.date_joined, ours.is_active, ours.last_login) == (joined, True, None)
    # A callable default is called for each row: every account has its own UUID.
    assert ours.uuid != theirs.uuid
    assert ours.uuid.version == 4


@pytest.mark.django_db
def test_dates_numbers_and_nulls_round_trip() -> None:
    ada = make_learner("ada@x.nhs.uk")
    sent = timezone.now()
    insert_rows(Invitation, ("user", "organisation_name", "first_sent_at", "times_sent"), [(ada.pk, "Trust", sent, 3)])
    invitation = Invitation.objects.get(user=ada)
    assert (invitation.first_sent_at, invitation.times_sent, invitation.accepted_at, invitation.last_sent_at) == (
        sent,
        3,
        None,
        None,
    )


@pytest.mark.django_db
def test_many_rows_take_many_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_insert, "_PLACEHOLDERS_PER_STATEMENT", 14 * 7)  # 7 accounts a statement on SQLite
    monkeypatch.setattr(bulk_insert, "_ROWS_PER_POSTGRESQL_STATEMENT", 7)
    rows = [(f"p{n:03d}@x.nhs.uk", "P", str(n), "!") for n in range(50)]  # 7 full statements and 1 of 1 row
    insert_rows(User, ("email", "first_name", "last_name", "password"), rows)
    assert sorted(User.objects.values_list("last_name", flat=True)) == sorted(str(n) for n in range(50))


@pytest.mark.django_db
def test_conflicts_skipped_when_asked() -> None:
    User.objects.filter(pk=make_learner("ada@x.nhs.uk").pk).update(first_name="Kept")
    insert_rows(
        User,
        ("email", "first_name", "password"),
        [("ada@x.nhs.uk", "Not kept", "!"), ("ben@x.nhs.uk", "Ben", "!")],
        skip_conflicts=True,
    )
    assert dict(User.objects.values_list("email", "first_name")) == {"ada@x.nhs.uk": "Kept", "ben@x.nhs.uk": "Ben"}


@pytest.mark.django_db
def test_conflicts_update_the_named_fields_only() -> None:
    ada = make_learner("ada@x.nhs.uk")
    trust = Organisation.objects.create(code="ZZ9", name="Trust", path="ZZ9/", kind="trust")
    first_day = datetime.date(2020, 4, 1)
    Employment.objects.create(user=ada, organisation=trust, job_role="Nurse", started_on=first_day, ended_on=first_day)
    insert_rows(
        Employment,
        ("user", "organisation", "job_role", "ended_on", "started_on"),
        [(ada.pk, trust.pk, "Ward sister", None, datetime.date(2026, 1, 1))],
        update_on_conflict=(("user", "organisation"), ("job_role", "ended_on")),
    )
    post = Employment.objects.get()
    assert (post.job_role, post.ended_on, post.started_on) == ("Ward sister", None, first_day)


@pytest.mark.django_db
def test_a_failure_writes_nothing() -> None:
    make_learner("ada@x.nhs.uk")
    rows = [(f"p{n}@x.nhs.uk", "!") for n in range(10)] + [("ada@x.nhs.uk", "!")]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(User, ("email", "password"), rows)
    assert list(User.objects.values_list("email", flat=True)) == ["ada@x.nhs.uk"]


def test_skip_and_update_exclude_each_other() -> None:
    with pytest.raises(ValueError, match="exclude each other"):
        insert_rows(User, ("email",), [], skip_conflicts=True, update_on_conflict=(("email",), ("first_name",)))


@pytest.mark.django_db
def test_returning_gives_back_only_the_rows_written() -> None:
    ada = make_learner("ada@x.nhs.uk")
    rows = [("ada@x.nhs.uk", "!"), ("ben@x.nhs.uk", "!"), ("cy@x.nhs.uk", "!")]
    written = dict(insert_rows(User, ("email", "password"), rows, skip_conflicts=True, returning=("email", "id")))
    assert set(written) == {"ben@x.nhs.uk", "cy@x.nhs.uk"}
    assert written == dict(User.objects.exclude(pk=ada.pk).values_list("email", "pk"))
