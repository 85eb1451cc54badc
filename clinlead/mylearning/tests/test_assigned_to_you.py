"""My learning's "Assigned to you": each assigned session with who assigned it and for whom, its due date and
whether it is overdue in words, its status and a link to play it; nothing of anybody else's; one more query at
most (docs/decisions/0023)."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinlead.learning import api as learning
from clinlead.mylearning import api as mylearning
from clinlead.mylearning.assigned import due_in_words
from tests.factories import make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db
P = "leadership-for-clinicians"
TODAY = timezone.localdate()


def days(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def assigned_section(client: Client) -> str:
    response = client.get("/my-learning/")
    assert response.status_code == 200
    found = re.search(r'<h2 id="assigned">Assigned to you</h2>(.*?)</section>', response.content.decode(), re.S)
    return found.group(1) if found else ""


def lines(section: str) -> list[str]:
    """Each task list line as words: heading, hint and status, tags stripped."""
    items = re.findall(r'<li class="nhsuk-task-list__item.*?</li>', section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_assigned_sessions_are_listed_first_with_assigner_purpose_due_date_and_status(loaded_starter: Path) -> None:
    manager = make_learner("pat.manager@nhs.net", name="Pat O'Manager")
    learner = make_learner()
    client = signed_in(learner)
    learning.assign([learner.pk], P, ["working-within-teams"], days(-3), manager.pk, "Zeta & Co Trust")
    learning.assign([learner.pk], P, ["learning-from-incidents"], days(5), manager.pk, "Zeta & Co Trust")
    learning.assign([learner.pk], P, ["being-open-when-things-go-wrong"], None, None, "Zeta & Co Trust")
    section = assigned_section(client)
    assert lines(section) == [
        f"Working within teams Due {days(-3).day} {days(-3):%B %Y} (3 days overdue) · Assigned by Pat O&#39;Manager "
        "for Zeta &amp; Co Trust Overdue",
        f"Learning from incidents Due {days(5).day} {days(5):%B %Y} (due in 5 days) · Assigned by Pat O&#39;Manager "
        "for Zeta &amp; Co Trust Not started",
        "Being open when things go wrong No due date · Assigned for Zeta &amp; Co Trust Not started",
    ]
    play = f'href="/programmes/{P}/sessions/working-within-teams/play/"'
    assert play in section
    assert client.get(f"/programmes/{P}/sessions/working-within-teams/play/").status_code == 302  # to its page
    # The page works without JavaScript: the section is plain links and text before "Continue" and programmes.
    body = client.get("/my-learning/").content.decode()
    assert body.index('id="assigned"') < body.index(f'id="programme-{P}"')


def test_a_completed_assigned_session_says_so_and_is_never_overdue(loaded_example: Path) -> None:
    learner = make_learner()
    client = signed_in(learner)
    learning.assign([learner.pk], "example", ["speaking-up"], days(-2), None, "Zeta Trust")
    play_everything(client)
    [line] = lines(assigned_section(client))
    assert line.endswith("Completed")
    assert "overdue" not in line.lower()


def test_a_started_overdue_session_says_how_far_the_learner_got(loaded_starter: Path) -> None:
    learner = make_learner()
    client = signed_in(learner)
    learning.assign([learner.pk], P, ["working-within-teams"], days(-1), None, "Zeta Trust")
    page = client.get(f"/programmes/{P}/sessions/working-within-teams/play/")
    client.get(page["Location"])
    [line] = lines(assigned_section(client))
    assert line.endswith("Overdue")
    assert "of the pages seen" in line  # overdue and started: how far they got


def test_nothing_assigned_shows_no_section(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    learning.enrol(make_learner("other@nhs.net").pk, P)
    assert "Assigned to you" not in client.get("/my-learning/").content.decode()


def test_another_persons_assignments_are_not_shown(loaded_starter: Path) -> None:
    manager = make_learner("pat.manager@nhs.net", name="Pat Manager")
    mine, theirs = make_learner(), make_learner("colleague@nhs.net")
    learning.assign([theirs.pk], P, ["working-within-teams"], days(3), manager.pk, "Another Trust")
    learning.assign([mine.pk], P, ["learning-from-incidents"], days(3), manager.pk, "Zeta Trust")
    section = assigned_section(signed_in(mine))
    assert "Learning from incidents" in section
    assert "Working within teams" not in section
    assert "Another Trust" not in section


def count_queries(client: Client) -> int:
    client.get("/my-learning/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/my-learning/").status_code == 200
    return len(queries)


def test_assignments_cost_one_query_for_the_assigners_names_however_many(loaded_starter: Path) -> None:
    managers = [make_learner(f"manager{i}@nhs.net", name=f"Manager {i}") for i in range(3)]
    learner = make_learner()
    client = signed_in(learner)
    learning.enrol(learner.pk, P, "working-within-teams")
    without = count_queries(client)
    learning.assign([learner.pk], P, ["learning-from-incidents"], days(3), managers[0].pk)
    one = count_queries(client)
    keys = ["working-within-teams", "being-open-when-things-go-wrong", "civility-and-speaking-up"]
    for manager, key in zip(managers, keys, strict=True):
        learning.assign([learner.pk], P, [key], days(9), manager.pk)
    many = count_queries(client)
    assert one == many == without + 1
    assert len(lines(assigned_section(client))) == 4


@pytest.mark.parametrize(
    ("offset", "words"),
    [(0, "due today"), (1, "due tomorrow"), (12, "due in 12 days"), (-1, "1 day overdue"), (-30, "30 days overdue")],
)
def test_the_due_date_in_words(offset: int, words: str) -> None:
    assert due_in_words(days(offset), TODAY) == words


def test_when_the_assigners_account_is_deleted_the_assignment_and_its_due_date_stay(loaded_starter: Path) -> None:
    manager = make_learner("pat.manager@nhs.net", name="Pat Manager")
    learner = make_learner()
    learning.assign([learner.pk], P, ["working-within-teams"], days(4), manager.pk, "Zeta Trust")
    mylearning.delete_account(manager.pk)
    [line] = lines(assigned_section(signed_in(learner)))
    assert "Assigned for Zeta Trust" in line
    assert "(due in 4 days)" in line
    assert "Pat Manager" not in line
