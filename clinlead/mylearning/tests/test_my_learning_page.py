"""My learning as a learner sees it: where to carry on, progress per module and per domain, every session
with its status, single sessions added from their pages, and a page read in the same number of queries
whatever the learner has done."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from clinlead.authoring.testing import load_content as load_content_read_once
from clinlead.catalogue import api as catalogue
from clinlead.learning import api as learning
from tests.content_fixtures import STARTER
from tests.factories import S, make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db
P = "leadership-for-clinicians"


def page_of(client: Client, session_key: str, number: int) -> str:
    version = catalogue.playable_session(P, session_key, None).version
    return f"/programmes/{P}/sessions/{session_key}/v{version}/{number}/"


def my_learning(client: Client, query: str = "") -> str:
    response = client.get(f"/my-learning/{query}")
    assert response.status_code == 200
    return response.content.decode()


def task_list_items(body: str) -> list[tuple[str, list[str]]]:
    """(heading, words of its status) of every task list row, in order."""
    rows = re.findall(
        r'class="nhsuk-task-list__link[^"]*"[^>]*>(.*?)</a>.*?class="nhsuk-task-list__status[^"]*"[^>]*>(.*?)</div>',
        body,
        re.S,
    )
    return [(" ".join(heading.split()), re.sub(r"<[^>]+>", " ", status).split()) for heading, status in rows]


def test_continue_where_you_left_off_links_straight_to_the_last_page_of_the_last_session(
    loaded_example: Path,
) -> None:
    client = signed_in(make_learner())
    client.get(f"{S}/v1/2/")
    body = my_learning(client)
    card = re.search(r'<h2 id="continue">Continue where you left off</h2>(.*?)</section>', body, re.S)
    assert card, body
    assert f'<a class="nhsuk-card__link" href="{S}/v1/2/">Speaking up in a team</a>' in card.group(1)
    assert "Page 2 of 3 · An example programme" in card.group(1)
    assert client.get(f"{S}/v1/2/").status_code == 200  # the link is a page of the session, not a redirect


def test_continue_follows_the_most_recent_session_and_leaves_out_completed_ones(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    client.get(page_of(client, "working-within-teams", 3))
    client.get(page_of(client, "learning-from-incidents", 2))
    assert 'href="' + page_of(client, "learning-from-incidents", 2) + '">Learning from incidents' in my_learning(client)
    client.get(page_of(client, "working-within-teams", 4))
    assert 'href="' + page_of(client, "working-within-teams", 4) + '">Working within teams' in my_learning(client)


def test_nothing_to_continue_when_nothing_is_in_progress(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    assert "Continue where you left off" not in my_learning(client)
    play_everything(client)  # completes the only session
    assert "Continue where you left off" not in my_learning(client)


def test_progress_per_module_and_per_domain_counts_completed_sessions(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    client.post(f"/my-learning/enrol/{P}/")
    by_theme = catalogue.pathway(P, "by-theme")
    by_domain = catalogue.pathway(P, "by-domain")
    body = my_learning(client)
    assert '<h3 class="nhsuk-heading-s">Progress by module theme</h3>' in body
    assert '<h3 class="nhsuk-heading-s">Progress by framework domain</h3>' in body
    rows = task_list_items(body)
    progress = {title: status for title, status in rows if status and status[0].isdigit()}
    for group in (*by_theme.groups, *by_domain.groups):
        assert progress[group.title] == ["0", "of", str(len(group.sessions)), "sessions", "completed"], group.title
    assert "0 of 65 sessions completed" in body


def test_every_session_is_listed_once_with_its_status_in_collapsible_groups(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    client.post(f"/my-learning/enrol/{P}/")
    client.get(page_of(client, "working-within-teams", 2))
    body = my_learning(client)
    statuses = {title: status for title, status in task_list_items(body) if status and not status[0].isdigit()}
    titles = catalogue.session_titles(P)
    assert set(statuses) == set(titles.values())
    assert statuses["Working within teams"] == ["In", "progress"]
    assert statuses["Learning from incidents"] == ["Not", "started"]
    groups = re.findall(r'<details class="nhsuk-details" id="group-[^"]+"\s*(open)?', body)
    assert len(groups) == len(catalogue.pathway(P, "by-theme").groups)
    assert groups.count("open") == 1  # the module with the session in progress is open
    assert "<table" not in body


def test_a_group_in_the_progress_lists_links_to_its_sessions_with_its_expander_open(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    client.post(f"/my-learning/enrol/{P}/")
    domain = catalogue.pathway(P, "by-domain").groups[1]
    body = my_learning(client)
    href = f"?pathway=by-domain&amp;group={domain.key}#group-{P}-{domain.key}"
    assert f'<a class="nhsuk-task-list__link nhsuk-link" href="{href}"' in re.sub(r"\s+", " ", body)
    there = my_learning(client, f"?pathway=by-domain&group={domain.key}")
    opened = re.findall(rf'<details class="nhsuk-details" id="group-{P}-([^"]+)"\s*open', there)
    assert opened == [domain.key]
    group = there[there.index(f'id="group-{P}-{domain.key}"') :].split("</details>")[0]
    assert [title for title, _ in task_list_items(group)] == [s.title for s in domain.sessions]


def test_a_completed_session_is_tagged_and_has_its_certificate(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    client.post("/my-learning/enrol/example/")
    play_everything(client)
    body = my_learning(client)
    completed = [row for row in task_list_items(body) if row[1] == ["Completed"]]
    assert completed == [("Speaking up in a team", ["Completed"])]
    assert re.search(r'href="/certificates/CL-[^"]+\.pdf">Certificate for Speaking up in a team \(PDF\)', body)
    assert "1 of 1 sessions completed" in body


def test_a_single_session_can_be_added_from_its_page_without_the_whole_programme(loaded_starter: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    response = client.post(f"/my-learning/add/{P}/learning-from-incidents/")
    assert response.status_code == 302
    assert response["Location"] == f"/programmes/{P}/sessions/learning-from-incidents/"
    assert "Learning from incidents is in My learning." in client.get(response["Location"]).content.decode()
    assert learning.in_my_learning(user.pk, P, "learning-from-incidents")
    assert not learning.in_my_learning(user.pk, P, "working-within-teams")
    assert not learning.is_enrolled(user.pk, P)

    body = my_learning(client)
    assert [title for title, _ in task_list_items(body)] == ["Learning from incidents"]
    assert "You have added 1 of its 65 sessions · 0 completed" in body
    assert "Progress by module theme" not in body
    assert f'action="/my-learning/enrol/{P}/"' in body
    assert "Add all 65 sessions to My learning" in body


def test_adding_a_session_twice_changes_nothing(loaded_starter: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    for _ in range(2):
        client.post(f"/my-learning/add/{P}/learning-from-incidents/")
    assert [(e.programme_key, e.session_key) for e in learning.enrolments(user.pk)] == [(P, "learning-from-incidents")]


def test_starting_a_session_adds_that_session_not_the_whole_programme(loaded_starter: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.post(f"/my-learning/add/{P}/learning-from-incidents/")
    client.get(page_of(client, "working-within-teams", 1))
    assert not learning.is_enrolled(user.pk, P)
    body = my_learning(client)
    assert [title for title, _ in task_list_items(body)] == [
        title
        for title in (s.title for g in catalogue.pathway(P, "by-theme").groups for s in g.sessions)
        if title in {"Learning from incidents", "Working within teams"}
    ]


def test_adding_the_whole_programme_after_single_sessions_shows_every_session(loaded_starter: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.post(f"/my-learning/add/{P}/learning-from-incidents/")
    client.post(f"/my-learning/enrol/{P}/")
    body = my_learning(client)
    assert len([1 for _, status in task_list_items(body) if status and not status[0].isdigit()]) == 65
    assert "You have added" not in body
    assert learning.in_my_learning(user.pk, P, "working-within-teams")


def test_adding_a_session_needs_a_post_an_account_and_a_real_session(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    assert client.get(f"/my-learning/add/{P}/learning-from-incidents/").status_code == 405
    assert client.post(f"/my-learning/add/{P}/no-such-session/").status_code == 404
    assert client.post("/my-learning/add/no-such-programme/learning-from-incidents/").status_code == 404
    anonymous = Client().post(f"/my-learning/add/{P}/learning-from-incidents/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_the_add_button_for_a_session_page_posts_to_add_or_says_it_is_there(loaded_starter: Path) -> None:
    template = engines["jinja2"].from_string(
        '{% from "mylearning/_add_to_my_learning.html" import add_to_my_learning %}'
        "{{ add_to_my_learning('" + P + "', 'learning-from-incidents', added, csrf_input) }}"
    )
    request = RequestFactory().get("/")
    offer = template.render({"added": False}, request)
    assert f'action="/my-learning/add/{P}/learning-from-incidents/"' in offer
    assert 'name="csrfmiddlewaretoken"' in offer
    assert "Add to My learning" in offer
    there = template.render({"added": True}, request)
    assert "<form" not in there
    assert 'This session is in <a href="/my-learning/">My learning</a>.' in there


def test_an_empty_my_learning_says_how_to_add_learning(loaded_example: Path) -> None:
    body = my_learning(signed_in(make_learner()))
    assert "You have not added any learning yet" in body
    assert "add a single session from its page" in body


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # once to warm per-process caches, as a live server has
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?pathway=by-domain"])
def test_my_learning_reads_the_same_number_of_queries_however_much_the_learner_has_done(
    loaded_example: Path, query: str
) -> None:
    client = signed_in(make_learner())
    play_everything(client)  # one session of one programme, completed, with its certificate
    few = count_queries(client, f"/my-learning/{query}")
    load_content_read_once(STARTER)
    client.post(f"/my-learning/enrol/{P}/")
    client.post("/my-learning/enrol/example/")
    for key in ("working-within-teams", "learning-from-incidents", "being-open-when-things-go-wrong"):
        client.post(f"/my-learning/add/{P}/{key}/")
        client.get(page_of(client, key, 2))
    many = count_queries(client, f"/my-learning/{query}")
    assert many == few
    # As tests/test_signed_in_pages.py measures it, session and user look-ups included, and the header's one
    # question whether the person holds a role at an organisation (its "Your organisations" link).
    assert many <= 12
