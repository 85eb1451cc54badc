"""A session that sets a pass mark is completed only when enough marked answers are right."""

from pathlib import Path

import pytest
from django.test import Client

from clinlead.authoring import api as authoring
from clinlead.authoring.api import check_content
from clinlead.learning import api as learning
from tests.content_fixtures import edit
from tests.factories import S, make_learner, ordering_answer, signed_in

SESSION_FILE = ("example", "sessions", "speaking-up.md")


@pytest.fixture
def assessed(example_content: Path, db: None) -> Path:
    edit(example_content.joinpath(*SESSION_FILE), "sample: true\n", "sample: true\npass_mark: 100\n")
    authoring.load_content(example_content)
    return example_content


def play(client: Client, why_silent: list[str]) -> None:
    for number in (1, 2, 3):
        client.get(f"{S}/v1/{number}/")
    client.post(f"{S}/v1/2/", {"exercise": "first-response", "choice": "a"})
    client.post(f"{S}/v1/2/", {"exercise": "why-silent", "choice": why_silent})
    client.post(f"{S}/v1/3/", {"exercise": "escalation-order", **ordering_answer()})


def test_below_the_pass_mark_the_session_is_not_completed_until_the_answer_is_put_right(assessed: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    play(client, why_silent=["a", "b"])
    assert learning.completions(user.pk) == []
    summary = client.get(f"{S}/v1/summary/").content.decode()
    assert "You need 100% of marked exercises right to complete this session" in summary
    client.post(f"{S}/v1/2/", {"exercise": "why-silent", "choice": ["a", "c"]})
    completions = learning.completions(user.pk)
    assert [(c.session_key, c.score_percent) for c in completions] == [("speaking-up", 100)]
    assert learning.answers(user.pk, "example", "speaking-up", 1)["why-silent"].attempts == 2


def test_a_pass_mark_outside_1_to_100_is_named(example_content: Path) -> None:
    path = example_content.joinpath(*SESSION_FILE)
    edit(path, "sample: true\n", "sample: true\npass_mark: 150\n")
    assert [str(p) for p in check_content(example_content)] == [
        "content/example/sessions/speaking-up.md:8: 'pass_mark' is a percentage from 1 to 100, not 150"
    ]
