"""The grant's email goes through the task queue: a mail failure never costs the learner their grant or a 500, the
run is retried or recorded as failed, and the email goes once per grant however often the task runs."""

from typing import Any

from django.core import mail
from django.db import transaction

from clinlead.sharing import services
from clinlead.sharing.models import Grant
from clinlead.tasks import api as tasks
from clinlead.tasks import testing as tasks_testing

from .conftest import People, in_days
from .failing_mail import FailingOnce

EMAIL_GRANT = "sharing.email-grant"


def share(people: People, email: str = "tutor@college.ac.uk") -> Any:
    return people.learner.post(
        "/my-learning/sharing/new/", {"email": email, "ends_on": in_days(30).strftime("%d/%m/%Y")}
    )


def to_tutor() -> list[Any]:
    """The emails to the grantee of these tests (the fixture's own grant may be emailed meanwhile, to another)."""
    return [m for m in getattr(mail, "outbox", []) if m.to == ["tutor@college.ac.uk"]]


def run_of(email: str) -> str:
    run = Grant.objects.get(grantee_email=email).email_run
    assert run is not None
    return str(run)


def test_a_mail_server_that_refuses_costs_the_learner_neither_the_grant_nor_a_page(
    people: People, tasks_in_process: None, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "clinlead.sharing.tests.failing_mail.Refusing"
    settings.TASKS_RETRY_DELAY = 0
    response = share(people)
    assert response.status_code == 302
    run = tasks_testing.wait_for(run_of("tutor@college.ac.uk"))
    assert run.failed  # retried, then recorded as failed
    assert "tutor@college.ac.uk" in people.learner.get("/my-learning/sharing/").content.decode()
    grant = Grant.objects.get(grantee_email="tutor@college.ac.uk")
    assert grant.revoked_at is None
    assert grant.emailed_at is None


def test_a_send_that_fails_once_is_retried_and_the_email_goes_once(
    people: People, tasks_in_process: None, settings: Any
) -> None:
    FailingOnce.reset()
    settings.EMAIL_BACKEND = "clinlead.sharing.tests.failing_mail.FailingOnce"
    settings.TASKS_RETRY_DELAY = 0
    share(people)
    run = tasks_testing.wait_for(run_of("tutor@college.ac.uk"))
    assert run.succeeded
    assert run.result == {"sent": True}
    assert len(to_tutor()) == 1
    assert Grant.objects.get(grantee_email="tutor@college.ac.uk").emailed_at is not None


def test_a_replayed_or_repeated_run_sends_nothing_more(task_backend: str, people: People) -> None:
    share(people)
    first = tasks_testing.wait_for(run_of("tutor@college.ac.uk"))
    assert first.result == {"sent": True}
    assert len(to_tutor()) == 1
    # A message delivered again, and a second run for the same grant: neither sends.
    assert tasks_testing.resume_unfinished() == 0
    grant = Grant.objects.get(grantee_email="tutor@college.ac.uk")
    again = tasks_testing.wait_for(tasks.start(EMAIL_GRANT, started_by=None, grant_id=grant.pk))
    assert again.succeeded
    assert again.result == {"sent": False}
    assert len(to_tutor()) == 1


def test_a_grant_revoked_before_its_email_went_is_never_emailed(people: People, tasks_in_process: None) -> None:
    with transaction.atomic():  # revoked before the task could run: it runs at commit
        grant_uuid = services.share_record(people.learner_id, "tutor@college.ac.uk", in_days(3), False)
        assert services.revoke_grant(people.learner_id, grant_uuid)
    run = tasks_testing.wait_for(run_of("tutor@college.ac.uk"))
    assert run.result == {"sent": False}
    assert to_tutor() == []
