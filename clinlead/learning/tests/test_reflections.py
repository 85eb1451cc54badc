"""`learning.api.reflections`: a learner's own words, and nothing marked, in one query."""

from pathlib import Path
from typing import Any

import pytest

from clinlead.learning import api as learning
from tests.factories import S, make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db


def test_reflections_are_the_unmarked_answers_latest_words_first(
    loaded_example: Path, django_assert_num_queries: Any
) -> None:
    learner = make_learner()
    client = signed_in(learner)
    play_everything(client)  # marked answers only
    assert learning.reflections(learner.pk) == []
    client.post(f"{S}/v1/3/", {"exercise": "reflect", "text": "First thoughts."})
    client.post(f"{S}/v1/3/", {"exercise": "reflect", "text": "Second thoughts."})
    with django_assert_num_queries(1):
        (reflection,) = learning.reflections(learner.pk)
    assert (reflection.session_key, reflection.exercise_key, reflection.text) == (
        "speaking-up",
        "reflect",
        "Second thoughts.",
    )
    assert learning.reflections(make_learner("someone.else@nhs.net").pk) == []
