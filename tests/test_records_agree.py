"""A learner's records agree with each other: transcripts with certificates, programmes with their own sessions."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from clinlead.accounts import api as accounts
from clinlead.authoring import api as authoring
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning
from tests.content_fixtures import edit
from tests.factories import S, let_time_pass, make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db


def test_the_transcript_states_what_the_certificate_states_after_the_session_is_revisited(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.get(f"{S}/v1/1/")
    let_time_pass(user, 10 * 60)  # ten minutes of reading before finishing
    play_everything(client)
    certificate = next(iter(certificates.for_learner(user.pk).values()))
    client.get(f"{S}/v1/1/")  # coming back a week later to read it again, for an hour
    let_time_pass(user, 60 * 60)
    client.get(f"{S}/v1/2/")
    progress = learning.session_progress(user.pk, "example", "speaking-up")
    assert progress is not None
    assert progress.seconds_spent >= 40 * 60  # the record of all time keeps growing
    rows = list(csv.reader(io.StringIO(client.get("/my-learning/transcript.csv").content.decode())))
    assert rows[1][3] == str(certificate.minutes_spent) == "10"
    assert rows[1][5] == certificate.number


def test_two_programmes_with_a_session_of_the_same_key_keep_their_records_apart(tmp_path: Path) -> None:
    from tests.content_fixtures import write_doc_example

    first = tmp_path / "one"
    write_doc_example(first)
    second = tmp_path / "two"
    write_doc_example(second)
    (second / "example").rename(second / "other")
    for path in (second / "other").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("key: example\n", "key: other\n"), encoding="utf-8")
    edit(second / "other" / "programme.md", "title: An example programme", "title: Another programme")
    authoring.load_content(first)
    authoring.load_content(second)
    user = make_learner()
    client = signed_in(user)
    play_everything(client)  # completes speaking-up in "example" only
    client.get("/programmes/other/sessions/speaking-up/v1/1/")  # and opens the same key in "other"
    rows = {(r.programme_key, r.session_key): r for r in learning.activity(user.pk)}
    assert rows[("example", "speaking-up")].completed_at is not None
    assert rows[("other", "speaking-up")].completed_at is None
    activity = client.get("/my-learning/activity/").content.decode()
    assert activity.count("Completed ") == 1


def test_a_summary_says_the_session_is_complete_and_names_the_certificate_even_if_the_message_was_lost(
    loaded_example: Path,
) -> None:
    user = make_learner()
    play_everything(signed_in(user))  # the completion message went to that browser
    number = next(iter(certificates.for_learner(user.pk).values())).number
    elsewhere = signed_in(user)  # another device, which never saw the message
    summary = elsewhere.get(f"{S}/v1/summary/").content.decode()
    assert "You completed this session on" in summary
    assert number in summary
    assert f"/certificates/{number}.pdf" in summary


def test_an_account_without_a_profile_creates_one_only_by_posting_the_form(loaded_example: Path) -> None:
    admin = get_user_model().objects.create_superuser("admin@nhs.net", "a-long-and-unusual-passphrase-41")
    client = signed_in(admin)
    assert client.get("/accounts/profile/")["Location"] == "/accounts/profile/edit/"
    assert client.get("/accounts/profile/edit/").status_code == 200
    assert not accounts.learner(admin.pk).has_profile
    response = client.post("/accounts/profile/edit/", {"name_on_certificates": "Ada Admin", "profession": "other"})
    assert response["Location"] == "/accounts/profile/"
    assert accounts.learner(admin.pk).name_on_certificates == "Ada Admin"
    assert learning.export(admin.pk)["page_views"] == []
