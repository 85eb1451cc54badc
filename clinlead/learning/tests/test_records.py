"""Learning records: idempotent, race-safe, recorded once, never lost, and private to each learner."""

from pathlib import Path

import pytest

from clinlead.authoring import api as authoring
from clinlead.learning import api as learning
from clinlead.learning.models import Completion, PageView, SessionProgress
from tests.content_fixtures import edit
from tests.factories import S, let_time_pass, make_learner, play_everything, signed_in


@pytest.mark.django_db
def test_completing_every_page_and_required_exercise_records_one_completion(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    play_everything(client)
    completions = learning.completions(user.pk)
    assert len(completions) == 1
    assert completions[0].score_percent == 100
    progress = learning.session_progress(user.pk, "example", "speaking-up")
    assert progress is not None
    assert (progress.status, progress.percent, progress.completed_at is not None) == ("completed", 100, True)


@pytest.mark.django_db
def test_replayed_posts_do_not_double_count(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    play_everything(client)
    play_everything(client)  # the same requests again, as a flaky network would replay them
    assert Completion.objects.filter(user=user).count() == 1
    answers = learning.answers(user.pk, "example", "speaking-up", 1)
    assert {key: record.attempts for key, record in answers.items()} == {
        "first-response": 1,
        "why-silent": 1,
        "escalation-order": 1,
    }


@pytest.mark.django_db
def test_time_beacons_only_count_growth(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.get(f"{S}/v1/1/")
    let_time_pass(user, 60)
    view_id = PageView.objects.get(user=user).view_id
    for seconds in (20, 45, 45, 30, 45):  # repeats and a late, smaller report change nothing
        assert client.post(f"{S}/v1/time/", {"view_id": str(view_id), "seconds": seconds}).status_code == 204
    assert SessionProgress.objects.get(user=user).seconds_spent == 45


@pytest.mark.django_db
def test_time_beacons_are_capped_and_checked(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.get(f"{S}/v1/1/")
    let_time_pass(user, 2 * 60 * 60)
    view_id = PageView.objects.get(user=user).view_id
    client.post(f"{S}/v1/time/", {"view_id": str(view_id), "seconds": 10**9})
    assert SessionProgress.objects.get(user=user).seconds_spent == 30 * 60
    assert client.post(f"{S}/v1/time/", {"view_id": "not-a-uuid", "seconds": 5}).status_code == 400
    other = signed_in(make_learner("other@nhs.net"))
    assert other.post(f"{S}/v1/time/", {"view_id": str(view_id), "seconds": 5}).status_code == 400


@pytest.mark.django_db
def test_resume_lands_on_the_last_page_viewed_on_any_device(loaded_example: Path) -> None:
    user = make_learner()
    signed_in(user).get(f"{S}/v1/2/")
    elsewhere = signed_in(user)  # a new browser: nothing shared but the account
    assert elsewhere.get(f"{S}/play/")["Location"] == f"{S}/v1/2/"
    assert elsewhere.get(f"{S}/play/?restart=1")["Location"] == f"{S}/v1/1/"


@pytest.mark.django_db
def test_a_completion_survives_a_new_content_version(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    play_everything(client)
    session_file = loaded_example / "example" / "sessions" / "speaking-up.md"
    edit(session_file, "version: 1", "version: 2")
    edit(session_file, "# Putting it in order", "# Putting steps in order")
    authoring.load_content(loaded_example)
    client.get(f"{S}/v2/1/")  # revisiting in the new version
    completions = learning.completions(user.pk)
    assert [(c.session_key, c.version) for c in completions] == [("speaking-up", 1)]
    progress = learning.session_progress(user.pk, "example", "speaking-up")
    assert progress is not None
    assert progress.status == "completed"


@pytest.mark.django_db
def test_learners_cannot_see_or_change_each_others_records(loaded_example: Path) -> None:
    amara, ben = make_learner("amara@nhs.net"), make_learner("ben@nhs.net")
    as_amara = signed_in(amara)
    as_amara.post(f"{S}/v1/2/", {"exercise": "first-response", "choice": "a"})
    assert "clinlead-feedback__panel" in as_amara.get(f"{S}/v1/2/").content.decode()  # she sees her feedback
    assert learning.answers(amara.pk, "example", "speaking-up", 1)["first-response"].answer == {"choice": "a"}
    as_ben = signed_in(ben)
    body = as_ben.get(f"{S}/v1/2/").content.decode()
    assert "Choose one answer" in body  # the same exercise, unanswered for him
    assert "clinlead-feedback__panel" not in body
    assert learning.answers(ben.pk, "example", "speaking-up", 1) == {}
    # His answer to the same exercise is his own and leaves hers as it was.
    as_ben.post(f"{S}/v1/2/", {"exercise": "first-response", "choice": "b"})
    assert learning.answers(amara.pk, "example", "speaking-up", 1)["first-response"].answer == {"choice": "a"}
    assert learning.answers(ben.pk, "example", "speaking-up", 1)["first-response"].answer == {"choice": "b"}


@pytest.mark.django_db
def test_forgetting_a_learner_keeps_anonymous_completion_counts(loaded_example: Path) -> None:
    user = make_learner()
    play_everything(signed_in(user))
    learning.forget_learner(user.pk)
    assert Completion.objects.filter(session_key="speaking-up", user=None).count() == 1
    assert not PageView.objects.exists()
    assert not SessionProgress.objects.exists()
