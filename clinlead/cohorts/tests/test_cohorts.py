"""A trainer's cohorts: creating one, adding people three ways, assigning sessions, the group's progress, the
hardest exercises and shared reflections; who may see what (403 for non-trainers, 404 for other trainers)."""

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clinlead.cohorts.models import Cohort, CohortAssignment, Membership
from clinlead.cohorts.services import CODE_ALPHABET, CODE_LENGTH, new_code, normalise_code
from clinlead.learning import api as learning

from .helpers import create, learner, play, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(loaded_example: Any) -> dict[str, Any]:
    return world()


def _code(cohort_id: int) -> str:
    return Cohort.objects.get(pk=cohort_id).join_code


def test_join_codes_use_no_ambiguous_characters() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert normalise_code(" k7qm-4pxr ") == "K7QM4PXR"


def test_a_trainer_creates_a_cohort_with_a_join_code_and_sees_it(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    code = _code(cohort_id)
    assert len(code) == CODE_LENGTH
    page = w["trainer_client"].get(f"/cohorts/{cohort_id}/").content.decode()
    assert f"{code[:4]} {code[4:]}" in page
    assert "Band 7 day" in w["trainer_client"].get("/cohorts/").content.decode()


def test_a_trainer_cannot_create_a_cohort_at_an_organisation_outside_their_own(w: dict[str, Any]) -> None:
    from clinlead.organisations.testing import organisation_id

    response = w["trainer_client"].post("/cohorts/new/", {"name": "X", "organisation": str(organisation_id("ZZ3"))})
    assert response.status_code == 400
    assert not Cohort.objects.exists()


def test_the_end_date_cannot_come_before_the_start(w: dict[str, Any]) -> None:
    response = w["trainer_client"].post(
        "/cohorts/new/", {"name": "X", "organisation": str(w["zz1"]), "starts_on": "10/03/2027", "ends_on": "1/3/2027"}
    )
    assert response.status_code == 400
    assert "End date must be the same as or after the start date" in response.content.decode()


def test_another_trainer_gets_404_for_every_page_of_the_cohort(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    other = w["other_client"]
    assert other.get(f"/cohorts/{cohort_id}/").status_code == 404
    assert other.post(f"/cohorts/{cohort_id}/members/", {"emails": "a@nhs.net"}).status_code == 404
    assert other.post(f"/cohorts/{cohort_id}/join-code/", {"code": "off"}).status_code == 404
    assert other.post(f"/cohorts/{cohort_id}/members/upload/").status_code == 404
    posted = other.post("/cohorts/assign/", {"cohort": str(cohort_id), "sessions": ["speaking-up"]})
    assert posted.status_code == 400  # not one of their cohorts to choose
    assert "Band 7 day" not in other.get("/cohorts/").content.decode()
    assert Cohort.objects.get(pk=cohort_id).join_code  # unchanged


def test_a_learner_who_runs_no_cohorts_is_told_who_the_pages_are_for(w: dict[str, Any]) -> None:
    _, client = learner("lee@nhs.net", "Lee")
    assert client.get("/cohorts/new/").status_code == 403
    assert client.get("/cohorts/assign/").status_code == 403
    assert client.get("/cohorts/").status_code == 200


def test_adding_by_email_lists_unknown_addresses_and_adds_nobody(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    learner("ann@nhs.net", "Ann")
    response = w["trainer_client"].post(
        f"/cohorts/{cohort_id}/members/", {"emails": "ann@nhs.net, nobody@nhs.net\nnot-an-address"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "nobody@nhs.net" in page
    assert "not-an-address" in page
    assert not Membership.objects.exists()
    response = w["trainer_client"].post(f"/cohorts/{cohort_id}/members/", {"emails": "ANN@nhs.net\nann@nhs.net"})
    assert response.status_code == 302
    assert Membership.objects.filter(cohort_id=cohort_id).count() == 1


def test_a_file_of_members_names_row_and_column_and_is_all_or_nothing(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    learner("ann@nhs.net", "Ann")
    learner("bob@nhs.net", "Bob")
    bad = b"name,email\nAnn,ann@nhs.net\nZed,zed@nhs.net\nX,not-email\n"
    response = w["trainer_client"].post(
        f"/cohorts/{cohort_id}/members/upload/", {"members_file": SimpleUploadedFile("m.csv", bad)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 3, column “email”: nobody has an account with “zed@nhs.net”" in page
    assert "Row 4, column “email”: “not-email” is not an email address" in page
    assert not Membership.objects.exists()
    good = b"email\nann@nhs.net\nbob@nhs.net\n"
    response = w["trainer_client"].post(
        f"/cohorts/{cohort_id}/members/upload/", {"members_file": SimpleUploadedFile("m.csv", good)}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(cohort_id=cohort_id, how="upload").count() == 2


def test_joining_with_the_code_twice_joins_once_and_brings_the_cohorts_assignments(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    assigned = w["trainer_client"].post(
        "/cohorts/assign/", {"cohort": str(cohort_id), "sessions": ["speaking-up"], "due_on": "31/12/2099"}
    )
    assert assigned.status_code == 302
    user, client = learner("ann@nhs.net", "Ann")
    code = _code(cohort_id)
    typed = f"{code[:4].lower()} {code[4:]}"
    assert client.post("/cohorts/join/", {"code": typed}).status_code == 302
    assert client.post("/cohorts/join/", {"code": typed}).status_code == 302
    assert Membership.objects.filter(cohort_id=cohort_id, user=user).count() == 1
    [assignment] = learning.assignments(user.pk)
    assert (assignment.session_key, str(assignment.due_on), assignment.assigned_for) == (
        "speaking-up",
        "2099-12-31",
        "Band 7 day",
    )
    assert "Assigned to you" in client.get("/my-learning/").content.decode()


def test_assigning_reaches_every_member_with_the_trainer_as_assigner(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    ann, _ = learner("ann@nhs.net", "Ann")
    w["trainer_client"].post(f"/cohorts/{cohort_id}/members/", {"emails": "ann@nhs.net"})
    w["trainer_client"].post("/cohorts/assign/", {"cohort": str(cohort_id), "modules": [], "sessions": ["speaking-up"]})
    [assignment] = learning.assignments(ann.pk)
    assert assignment.assigned_by_id == w["trainer"].pk
    assert CohortAssignment.objects.filter(cohort_id=cohort_id).count() == 1


def test_an_assignment_needs_a_session_and_a_due_date_not_in_the_past(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    response = w["trainer_client"].post("/cohorts/assign/", {"cohort": str(cohort_id), "due_on": "1/1/2001"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one session or module to assign" in page
    assert "Due date must be today or in the future" in page
    assert not CohortAssignment.objects.exists()


def test_wrong_codes_are_refused_then_rate_limited(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    _, client = learner("ann@nhs.net", "Ann")
    for _ in range(10):
        response = client.post("/cohorts/join/", {"code": "AAAA2222"})
        assert response.status_code == 400
        assert "That code does not match a cohort" in response.content.decode()
    assert client.post("/cohorts/join/", {"code": _code(cohort_id)}).status_code == 429
    assert not Membership.objects.exists()


def test_a_code_turned_off_or_replaced_stops_working(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    old = _code(cohort_id)
    w["trainer_client"].post(f"/cohorts/{cohort_id}/join-code/", {"code": "new"})
    new = _code(cohort_id)
    assert new
    assert new != old
    _, client = learner("ann@nhs.net", "Ann")
    assert client.post("/cohorts/join/", {"code": old}).status_code == 400
    w["trainer_client"].post(f"/cohorts/{cohort_id}/join-code/", {"code": "off"})
    assert _code(cohort_id) == ""
    assert client.post("/cohorts/join/", {"code": new}).status_code == 400
    assert not Membership.objects.exists()


def test_the_trainer_sees_progress_the_hardest_exercise_and_only_shared_reflections(
    w: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    w["trainer_client"].post("/cohorts/assign/", {"cohort": str(cohort_id), "sessions": ["speaking-up"]})
    code = _code(cohort_id)
    _, ann_client = learner("ann@nhs.net", "Ann Able")
    _, bob_client = learner("bob@nhs.net", "Bob Brown")
    _, cat_client = learner("cat@nhs.net", "Cat Cole")
    ann_client.post("/cohorts/join/", {"code": code, "share": "on"})
    bob_client.post("/cohorts/join/", {"code": code})
    cat_client.post("/cohorts/join/", {"code": code})
    play(ann_client, first_response="b", reflection="Ann's shared thought")
    play(bob_client, first_response="a", reflection="Bob's private thought")
    with django_assert_max_num_queries(25):
        page = w["trainer_client"].get(f"/cohorts/{cohort_id}/").content.decode()
    start = page.index('id="hardest-exercises"')
    chart = page[page.rindex("<svg", 0, start) : page.index("</svg>", start)]
    assert 'role="img"' in chart
    assert '<title id="hardest-exercises-title">' in chart
    assert '<desc id="hardest-exercises-desc">' in chart
    assert "1 of 2" in page  # one of the two who answered got it wrong
    assert "shared thought" in page
    assert "Bob Brown" in page
    assert "private thought" not in page
    assert "Cat Cole" in page  # not started
    # Ann withdraws: her reflection goes from the trainer's page at once.
    ann_client.post(f"/cohorts/{cohort_id}/my-membership/", {})
    page = w["trainer_client"].get(f"/cohorts/{cohort_id}/").content.decode()
    assert "shared thought" not in page


def test_a_member_page_is_only_for_members(w: dict[str, Any]) -> None:
    cohort_id = create(w["trainer_client"], w["zz1"])
    _, ann_client = learner("ann@nhs.net", "Ann")
    assert ann_client.get(f"/cohorts/{cohort_id}/my-membership/").status_code == 404
    ann_client.post("/cohorts/join/", {"code": _code(cohort_id)})
    page = ann_client.get(f"/cohorts/{cohort_id}/my-membership/").content.decode()
    assert "Share my reflections with the trainers of this cohort" in page
    ann_client.post(f"/cohorts/{cohort_id}/my-membership/", {"share": "on"})
    assert Membership.objects.get(cohort_id=cohort_id).shares_reflections is True


def test_trainer_resources_link_to_use_this_with_a_cohort_for_trainers_only(w: dict[str, Any]) -> None:
    page = w["trainer_client"].get("/programmes/example/sessions/speaking-up/v1/3/").content.decode()
    assert "Use this with a cohort" in page
    assert "/cohorts/assign/?programme=example&amp;session=speaking-up" in page
    create(w["trainer_client"], w["zz1"])
    form = w["trainer_client"].get("/cohorts/assign/?programme=example&session=speaking-up").content.decode()
    assert re.search(r'value="speaking-up"\s+checked', form), form
    _, client = learner("lee@nhs.net", "Lee")
    assert "Use this with a cohort" not in client.get("/programmes/example/sessions/speaking-up/v1/3/").content.decode()
