"""A trainer removes a member (only the membership goes) and deletes a cohort (its memberships and what it
assigned go; everyone's completions stay), each after a page that asks; another trainer's attempts are 404."""

from typing import Any

import pytest
from django.test import Client

from clinlead.cohorts.models import Cohort, CohortAssignment, Membership
from clinlead.learning import api as learning
from tests.factories import play_everything

from .helpers import create, learner, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(loaded_example: Any) -> dict[str, Any]:
    """A cohort of two at ZZ1, assigned the example session: Ann has completed it, Ben has not begun."""
    found = world()
    trainer: Client = found["trainer_client"]
    cohort_id = create(trainer, found["zz1"])
    ann, ann_client = learner("ann@nhs.net", "Ann Able")
    ben, _ = learner("ben@nhs.net", "Ben Boyd")
    added = trainer.post(f"/cohorts/{cohort_id}/members/", {"emails": "ann@nhs.net\nben@nhs.net"})
    assert added.status_code == 302
    assigned = trainer.post(
        "/cohorts/assign/", {"cohort": str(cohort_id), "sessions": ["speaking-up"], "due_on": "31/12/2099"}
    )
    assert assigned.status_code == 302
    play_everything(ann_client)
    assert [c.session_key for c in learning.completions(ann.pk)] == ["speaking-up"]
    return {**found, "cohort": cohort_id, "ann": ann, "ann_client": ann_client, "ben": ben}


def _assigned(user_id: int) -> list[tuple[str, str]]:
    return [(a.session_key, a.assigned_for) for a in learning.assignments(user_id)]


def test_removing_a_member_asks_first_then_takes_only_the_membership(w: dict[str, Any]) -> None:
    trainer, cohort, ann = w["trainer_client"], w["cohort"], w["ann"]
    page = trainer.get(f"/cohorts/{cohort}/").content.decode()
    address = f"/cohorts/{cohort}/members/{ann.pk}/remove/"
    assert address in page
    asking = trainer.get(address)
    assert asking.status_code == 200
    assert "Remove Ann Able from this cohort?" in asking.content.decode()
    assert Membership.objects.filter(user=ann).exists()  # asking changes nothing

    done = trainer.post(address)
    assert done.status_code == 302
    assert done["Location"] == f"/cohorts/{cohort}/"
    assert not Membership.objects.filter(cohort_id=cohort, user=ann).exists()
    assert Membership.objects.filter(cohort_id=cohort, user=w["ben"]).exists()
    # Her learning is untouched: the completion, and the session assigned to her while a member.
    assert [c.session_key for c in learning.completions(ann.pk)] == ["speaking-up"]
    assert _assigned(ann.pk) == [("speaking-up", "Band 7 day")]
    assert "Ann Able is no longer in Band 7 day" in trainer.get(f"/cohorts/{cohort}/").content.decode()
    assert "Ann Able" not in trainer.get(f"/cohorts/{cohort}/").content.decode()  # nor in its progress
    # Sent again: she is no longer a member, so there is nothing to remove.
    assert trainer.post(address).status_code == 404


def test_deleting_a_cohort_asks_first_then_withdraws_its_assignments_and_keeps_completions(w: dict[str, Any]) -> None:
    trainer, cohort, ann, ben = w["trainer_client"], w["cohort"], w["ann"], w["ben"]
    address = f"/cohorts/{cohort}/delete/"
    assert address in trainer.get(f"/cohorts/{cohort}/").content.decode()
    asking = trainer.get(address)
    assert asking.status_code == 200
    assert "Delete Band 7 day?" in asking.content.decode()
    assert "2 members" in asking.content.decode()
    assert Cohort.objects.filter(pk=cohort).exists()

    done = trainer.post(address)
    assert done.status_code == 302
    assert done["Location"] == "/cohorts/"
    assert not Cohort.objects.filter(pk=cohort).exists()
    assert not Membership.objects.filter(cohort_id=cohort).exists()
    assert not CohortAssignment.objects.filter(cohort_id=cohort).exists()
    # Nobody is assigned the session through the cohort any more; Ann keeps her completion and the session she
    # finished (as her own); Ben, who never began, no longer has it in My learning.
    assert _assigned(ann.pk) == []
    assert _assigned(ben.pk) == []
    assert [c.session_key for c in learning.completions(ann.pk)] == ["speaking-up"]
    mine = [(e["session_key"], e["assigned_at"]) for e in learning.export(ann.pk)["enrolments"]]
    assert mine == [("speaking-up", None)]
    assert learning.export(ben.pk)["enrolments"] == []
    assert "Cohort “Band 7 day” deleted" in trainer.get("/cohorts/").content.decode()
    assert "Band 7 day" not in trainer.get("/cohorts/").content.decode()
    # Sent again: the cohort is gone.
    assert trainer.post(address).status_code == 404
    assert trainer.get(address).status_code == 404


def test_deleting_leaves_an_assignment_someone_else_has_made_since(w: dict[str, Any]) -> None:
    # A manager assigns the same session for their trust: the assignment is theirs now, and stays.
    learning.assign([w["ben"].pk], "example", ["speaking-up"], None, None, "Northshire Trust")
    assert w["trainer_client"].post(f"/cohorts/{w['cohort']}/delete/").status_code == 302
    assert _assigned(w["ben"].pk) == [("speaking-up", "Northshire Trust")]


def test_another_trainer_can_neither_remove_nor_delete_nor_see_the_pages(w: dict[str, Any]) -> None:
    other: Client = w["other_client"]  # a trainer at the unrelated trust ZZ3
    cohort, ann = w["cohort"], w["ann"]
    for address in (f"/cohorts/{cohort}/members/{ann.pk}/remove/", f"/cohorts/{cohort}/delete/"):
        assert other.get(address).status_code == 404
        assert other.post(address).status_code == 404
    # A member of the cohort is not its trainer either.
    assert w["ann_client"].post(f"/cohorts/{cohort}/delete/").status_code == 404
    assert w["ann_client"].post(f"/cohorts/{cohort}/members/{ann.pk}/remove/").status_code == 404
    assert Cohort.objects.filter(pk=cohort).exists()
    assert Membership.objects.filter(cohort_id=cohort).count() == 2


def test_removing_someone_who_is_not_a_member_is_not_found(w: dict[str, Any]) -> None:
    trainer, cohort = w["trainer_client"], w["cohort"]
    outsider, _ = learner("nobody@nhs.net", "No Member")
    for user_id in (outsider.pk, w["trainer"].pk, 987654321):
        assert trainer.get(f"/cohorts/{cohort}/members/{user_id}/remove/").status_code == 404
        assert trainer.post(f"/cohorts/{cohort}/members/{user_id}/remove/").status_code == 404
    # A member of another cohort, removed through this cohort's address: not found, and still a member there.
    second = create(trainer, w["zz1"], name="Second group")
    trainer.post(f"/cohorts/{second}/members/", {"emails": "nobody@nhs.net"})
    assert trainer.post(f"/cohorts/{cohort}/members/{outsider.pk}/remove/").status_code == 404
    assert Membership.objects.filter(cohort_id=second, user=outsider).exists()
    assert trainer.post("/cohorts/987654321/delete/").status_code == 404
    assert Membership.objects.filter(cohort_id=cohort).count() == 2


def test_a_trainer_reaches_their_cohorts_from_their_organisations(w: dict[str, Any]) -> None:
    trainer: Client = w["trainer_client"]
    assert 'href="/cohorts/"' in trainer.get("/organisations/").content.decode()
    assert 'href="/cohorts/"' in trainer.get(f"/organisations/{w['zz1']}/").content.decode()
