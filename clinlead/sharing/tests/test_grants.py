"""A learner shares their record with a named person: bound to that person's confirmed address, for a period,
revocable, every read logged."""

from typing import Any, NoReturn

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import DatabaseError
from django.test import Client

from clinlead.accounts.testing import account
from clinlead.sharing.models import Grant, Read
from clinlead.tasks.testing import wait_for
from tests.factories import signed_in

from .conftest import REFLECTION, People, in_days

pytestmark = pytest.mark.django_db


def record(uuid: str) -> str:
    return f"/shared-with-me/{uuid}/"


def share(client: Client, **fields: str) -> Any:
    return client.post("/my-learning/sharing/new/", {"ends_on": in_days(30).strftime("%d/%m/%Y"), **fields})


def test_sharing_emails_the_person_a_link_to_the_record(people: People, tasks_in_process: None) -> None:
    response = share(people.learner, email="tutor@college.ac.uk", include_reflections="on")
    assert response.status_code == 302
    grant = Grant.objects.get(grantee_email="tutor@college.ac.uk")
    assert grant.include_reflections
    assert grant.email_run is not None
    assert wait_for(str(grant.email_run)).result == {"sent": True}
    (message,) = [m for m in mail.outbox if m.to == ["tutor@college.ac.uk"]]
    assert f"/shared-with-me/{grant.uuid}/" in str(message.body)
    assert "Sam Learner" in str(message.body)
    assert "and their reflections" in str(message.body)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "", "ends_on": in_days(5).strftime("%d/%m/%Y")}, "Enter the email address of the person"),
        ({"email": "not-an-address", "ends_on": "1/1/2030"}, "Enter an email address in the correct format"),
        ({"email": "learner@nhs.net"}, "not your own"),
        ({"email": "a@b.nhs.uk", "ends_on": in_days(-1).strftime("%d/%m/%Y")}, "must be today or a date in the future"),
        ({"email": "a@b.nhs.uk", "ends_on": in_days(731).strftime("%d/%m/%Y")}, "at most 730 days ahead"),
        ({"email": "a@b.nhs.uk", "ends_on": ""}, "Enter the last day of sharing"),
        ({"email": "a@b.nhs.uk", "ends_on": "31/02/2027"}, "Enter the last day as day/month/year"),
    ],
)
def test_a_share_with_a_mistake_says_what_to_fix_and_saves_nothing(
    people: People, fields: dict[str, str], message: str
) -> None:
    before = Grant.objects.count()
    response = share(people.learner, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Grant.objects.count() == before


def test_the_grantee_sees_the_record_and_each_read_is_logged(people: People) -> None:
    response = people.grantee.get(record(people.grant_uuid))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam Learner" in page
    assert "Speaking up in a team" in page
    assert "/certificates/verify/?number=" in page
    assert REFLECTION not in page  # not shared
    people.grantee.get(record(people.grant_uuid))
    reads = list(Read.objects.filter(learner_id=people.learner_id).values("reader_id", "what", "link_id"))
    assert reads == [{"reader_id": people.grantee_id, "what": "record", "link_id": None}] * 2
    log = people.learner.get("/my-learning/sharing/").content.decode()
    assert log.count("supervisor@deanery.nhs.uk") >= 3  # the grant's row and both reads


def test_reflections_show_only_when_shared(people: People) -> None:
    share(people.learner, email="supervisor@deanery.nhs.uk", include_reflections="on")
    grant = Grant.objects.get(include_reflections=True)
    assert REFLECTION in people.grantee.get(record(str(grant.uuid))).content.decode()


def test_the_list_shows_only_records_shared_with_the_person(people: People) -> None:
    assert "Sam Learner" in people.grantee.get("/shared-with-me/").content.decode()
    assert "Sam Learner" not in people.other.get("/shared-with-me/").content.decode()


def test_anyone_else_gets_404_for_the_record_and_the_revoke(people: People) -> None:
    assert people.other.get(record(people.grant_uuid)).status_code == 404
    assert people.learner.get(record(people.grant_uuid)).status_code == 404  # the learner is not the grantee
    assert people.other.post(f"/my-learning/sharing/{people.grant_uuid}/revoke/").status_code == 404
    assert people.grantee.post(f"/my-learning/sharing/{people.grant_uuid}/revoke/").status_code == 404
    assert Grant.objects.get(uuid=people.grant_uuid).revoked_at is None
    assert not Read.objects.exists()


def test_the_link_alone_shows_nothing_without_the_confirmed_address(people: People) -> None:
    unconfirmed = account("impostor@nhs.net").user
    EmailAddress.objects.create(user=unconfirmed, email="supervisor@deanery.nhs.uk", verified=False)
    client = signed_in(unconfirmed)
    assert client.get(record(people.grant_uuid)).status_code == 404
    assert "Sam Learner" not in client.get("/shared-with-me/").content.decode()
    signed_out = signed_in(unconfirmed)
    signed_out.logout()
    assert signed_out.get(record(people.grant_uuid))["Location"].startswith("/accounts/login/")


def test_a_revoked_grant_shows_nothing_and_a_replayed_revoke_is_harmless(people: People) -> None:
    revoke = f"/my-learning/sharing/{people.grant_uuid}/revoke/"
    assert people.learner.post(revoke).status_code == 302
    revoked_at = Grant.objects.get(uuid=people.grant_uuid).revoked_at
    assert revoked_at is not None
    assert people.learner.post(revoke).status_code == 302
    assert Grant.objects.get(uuid=people.grant_uuid).revoked_at == revoked_at
    assert people.grantee.get(record(people.grant_uuid)).status_code == 404
    assert "Sam Learner" not in people.grantee.get("/shared-with-me/").content.decode()
    assert people.learner.get(revoke).status_code == 405


def test_an_ended_grant_shows_nothing(people: People) -> None:
    Grant.objects.filter(uuid=people.grant_uuid).update(ends_on=in_days(-1))
    assert people.grantee.get(record(people.grant_uuid)).status_code == 404


def test_a_read_that_cannot_be_logged_fails_rather_than_showing_the_record(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> NoReturn:
        raise DatabaseError("the log is unavailable")

    monkeypatch.setattr(Read.objects, "create", broken)
    people.grantee.raise_request_exception = False
    response = people.grantee.get(record(people.grant_uuid))
    assert response.status_code == 500
    assert "Sam Learner" not in response.content.decode()


def test_a_read_is_one_insert_and_a_bounded_number_of_queries(
    people: People, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(16):
        assert people.grantee.get(record(people.grant_uuid)).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len([w for w in writes if "sharing_read" in w]) == 1
    assert [w for w in writes if "sharing" in w and "sharing_read" not in w] == []
