"""The end of a session: an honest heading, the certificate and how to check it, and the next session in the
pathway the learner is following."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinlead.authoring import api as authoring
from clinlead.catalogue import api as catalogue
from clinlead.certificates import api as certificates
from tests.content_fixtures import edit
from tests.factories import S, answer_key_form, make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db
PROGRAMME = "leadership-for-clinicians"
FIRST_SAMPLE = "leadership-in-clinical-settings"  # first in by-theme; a sample
SECOND_SAMPLE = "the-competency-framework"  # second in by-theme; a sample


def cards(pathway_key: str) -> list[str]:
    return [card.key for group in catalogue.pathway(PROGRAMME, pathway_key).groups for card in group.sessions]


def summary_path(session_key: str) -> str:
    version = catalogue.playable_session(PROGRAMME, session_key, None).version
    return f"/programmes/{PROGRAMME}/sessions/{session_key}/v{version}/summary/"


def play(client: Client, session_key: str) -> None:
    """Open every page of a session of the programme and answer every exercise right."""
    session = catalogue.playable_session(PROGRAMME, session_key, None)
    base = f"/programmes/{PROGRAMME}/sessions/{session_key}/v{session.version}"
    for number, page in enumerate(session.pages, start=1):
        client.get(f"{base}/{number}/")
        for exercise in page.exercises:
            assert client.post(f"{base}/{number}/", answer_key_form(exercise)).status_code == 303


def what_next(body: str) -> str:
    found = re.search(r"<h2>What next</h2>(.*?)<h2>Your answers</h2>", body, re.S)
    assert found, "no What next section"
    return found.group(1)


def next_link(body: str) -> str:
    found = re.search(rf'href="/programmes/{PROGRAMME}/sessions/([a-z0-9-]+)/\?pathway=([a-z-]+)"', what_next(body))
    assert found, what_next(body)
    return f"{found.group(1)}?pathway={found.group(2)}"


def test_a_completed_session_says_so_and_links_to_its_certificate_and_its_check(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    play_everything(client)
    body = client.get(f"{S}/v1/summary/").content.decode()
    assert re.search(r"<h1[^>]*>\s*You have completed Speaking up in a team\s*</h1>", body)
    number = next(iter(certificates.for_learner(user.pk).values())).number
    assert f'href="/certificates/{number}.pdf">Download your certificate (PDF)</a>' in body
    assert f'href="/certificates/verify/?number={number}">Check your certificate</a>' in body


def test_an_unfinished_session_says_what_is_left(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    client.get(f"{S}/v1/2/")
    client.post(f"{S}/v1/2/", {"exercise": "first-response", "choice": "a"})
    body = client.get(f"{S}/v1/summary/").content.decode()
    assert re.search(r"<h1>You have not completed Speaking up in a team yet</h1>", body)
    assert "You have completed" not in body
    assert f'href="{S}/v1/1/">1. Why people stay quiet</a>' in body
    assert f'href="{S}/v1/3/">3. Putting it in order</a>' in body
    assert f'href="{S}/v1/2/#exercise-why-silent"' in body  # a required exercise not answered yet
    assert "Download your certificate" not in body


def test_a_visitor_who_completes_a_sample_is_told_so_without_a_certificate(
    client: Client, loaded_example: Path
) -> None:
    play_everything(client)
    client.post(f"{S}/v1/3/", {"exercise": "reflect", "text": "Next time I will ask."})
    body = client.get(f"{S}/v1/summary/").content.decode()
    assert re.search(r"<h1[^>]*>\s*You have completed Speaking up in a team\s*</h1>", body)
    assert "Sample sessions played without an account give no certificate" in body
    assert "/certificates/" not in body


def test_the_next_session_follows_the_by_theme_pathway_unless_told_otherwise(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    by_theme = cards("by-theme")
    assert next_link(client.get(summary_path(FIRST_SAMPLE)).content.decode()) == f"{by_theme[1]}?pathway=by-theme"
    by_domain = cards("by-domain")
    at = by_domain.index(FIRST_SAMPLE)
    body = client.get(summary_path(FIRST_SAMPLE) + "?pathway=by-domain").content.decode()
    assert next_link(body) == f"{by_domain[at + 1]}?pathway=by-domain"
    remembered = client.get(summary_path(FIRST_SAMPLE)).content.decode()  # no ?pathway=: the one remembered
    assert next_link(remembered) == f"{by_domain[at + 1]}?pathway=by-domain"


def test_the_pathway_is_remembered_from_the_start_of_a_session(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    client.get(f"/programmes/{PROGRAMME}/sessions/{FIRST_SAMPLE}/play/?pathway=by-domain")
    by_domain = cards("by-domain")
    expected = f"{by_domain[by_domain.index(FIRST_SAMPLE) + 1]}?pathway=by-domain"
    assert next_link(client.get(summary_path(FIRST_SAMPLE)).content.decode()) == expected


def test_the_pathway_page_and_session_page_carry_the_pathway_to_the_player(
    client: Client, loaded_starter: Path
) -> None:
    pathway = client.get(f"/programmes/{PROGRAMME}/pathways/by-domain/").content.decode()
    assert f'href="/programmes/{PROGRAMME}/sessions/{FIRST_SAMPLE}/?pathway=by-domain"' in pathway
    session = client.get(f"/programmes/{PROGRAMME}/sessions/{FIRST_SAMPLE}/?pathway=by-domain").content.decode()
    assert f'href="/programmes/{PROGRAMME}/sessions/{FIRST_SAMPLE}/play/?pathway=by-domain"' in session


def test_completed_sessions_are_skipped(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    by_theme = cards("by-theme")
    play(client, by_theme[1])
    body = client.get(summary_path(by_theme[0])).content.decode()
    assert next_link(body) == f"{by_theme[2]}?pathway=by-theme"
    assert "leaving out those you have completed" in body


def test_the_last_session_of_a_pathway_says_it_is_the_end(loaded_starter: Path) -> None:
    client = signed_in(make_learner())
    client.post(f"/my-learning/enrol/{PROGRAMME}/")
    last = cards("by-theme")[-1]
    body = client.get(summary_path(last) + "?pathway=by-theme").content.decode()
    assert "you have reached the end of that pathway" in what_next(body)
    assert "?pathway=" not in what_next(body).split("Following another pathway?")[0]


def test_a_visitor_is_offered_the_next_sample_and_told_when_there_are_no_more(
    client: Client, loaded_starter: Path
) -> None:
    assert next_link(client.get(summary_path(FIRST_SAMPLE)).content.decode()) == f"{SECOND_SAMPLE}?pathway=by-theme"
    body = client.get(summary_path(SECOND_SAMPLE)).content.decode()
    assert "This is the last sample session in the sessions" in what_next(body)


def test_the_summary_makes_a_fixed_number_of_queries_however_many_sessions_are_completed(
    loaded_starter: Path,
) -> None:
    client = signed_in(make_learner())
    by_theme = cards("by-theme")
    play(client, FIRST_SAMPLE)
    client.get(summary_path(FIRST_SAMPLE))
    with CaptureQueriesContext(connection) as before:
        client.get(summary_path(FIRST_SAMPLE))
    play(client, by_theme[1])
    play(client, by_theme[2])
    with CaptureQueriesContext(connection) as after:
        body = client.get(summary_path(FIRST_SAMPLE)).content.decode()
    assert next_link(body) == f"{by_theme[3]}?pathway=by-theme"
    assert len(after) == len(before) <= 17  # 16, and the header's question whether the person holds a role


def test_below_the_pass_mark_the_summary_says_so_as_what_is_left(example_content: Path, db: None) -> None:
    edit(
        example_content / "example" / "sessions" / "speaking-up.md", "sample: true\n", "sample: true\npass_mark: 100\n"
    )
    authoring.load_content(example_content)
    client = signed_in(make_learner())
    play_everything(client)
    client.post(f"{S}/v1/2/", {"exercise": "why-silent", "choice": ["a", "b"]})  # now one answer is wrong
    body = client.get(f"{S}/v1/summary/").content.decode()
    assert "You have not completed Speaking up in a team yet" not in body  # completed before the change: it stays
    fresh = signed_in(make_learner("second@nhs.net"))
    for number in (1, 2, 3):
        fresh.get(f"{S}/v1/{number}/")
    fresh.post(f"{S}/v1/2/", {"exercise": "first-response", "choice": "b"})
    body = fresh.get(f"{S}/v1/summary/").content.decode()
    assert "<h1>You have not completed Speaking up in a team yet</h1>" in body
    assert "Get 100% of the marked exercises right: you have 0%." in body
