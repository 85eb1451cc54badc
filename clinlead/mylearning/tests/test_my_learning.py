"""My learning, My activity, transcripts, certificates, a learner's data and deleting an account."""

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from pypdf import PdfReader

from clinlead.certificates import api as certificates
from clinlead.learning import api as learning
from clinlead.wording import date_in_words
from tests.factories import make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def activity_card(body: str, session_title: str) -> dict[str, str]:
    """My activity's summary card for a session: its rows (key to value), and its caption and action links."""
    for card in re.findall(r'<div class="nhsuk-card"\s*>(.*?)</dl>', body, re.S):
        heading = re.search(r'<h3\s+class="nhsuk-card__heading"\s*>(.*?)</h3>', card, re.S)
        if heading and " ".join(re.sub(r"<[^>]+>", " ", heading.group(1)).split()).endswith(session_title):
            pairs = re.findall(r'<dt class="nhsuk-summary-list__key"\s*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>', card, re.S)
            found = {" ".join(k.split()): " ".join(v.split()) for k, v in pairs}
            found["caption"] = " ".join(re.sub(r"<[^>]+>", " ", heading.group(1)).split()).removesuffix(session_title)
            found["actions"] = " ".join(re.findall(r'<a[^>]*href="([^"]+)"', card))
            return found
    return {}


def completed_learner(email: str = "learner@nhs.net") -> tuple[Any, Client]:
    user = make_learner(email)
    client = signed_in(user)
    play_everything(client)
    return user, client


def test_completing_a_session_issues_a_certificate_named_on_my_learning(loaded_example: Path) -> None:
    user, client = completed_learner()
    body = client.get("/my-learning/").content.decode()
    assert "You have added 1 of its 1 sessions · 1 completed" in body  # played, not enrolled in the programme
    numbers = [c.number for c in certificates.for_learner(user.pk).values()]
    assert len(numbers) == 1
    assert f'<a href="/certificates/{numbers[0]}.pdf">Certificate for Speaking up in a team (PDF)</a>' in body


def test_the_certificate_pdf_names_learner_session_and_number_and_is_stable(loaded_example: Path) -> None:
    user, client = completed_learner()
    number = next(iter(certificates.for_learner(user.pk).values())).number
    first = client.get(f"/certificates/{number}.pdf")
    assert first["Content-Type"] == "application/pdf"
    text = pdf_text(first.content)
    for expected in ("Sam Learner", "Speaking up in a team", "An example programme", number, "1.1 Encouraging"):
        assert expected in text
    assert client.get(f"/certificates/{number}.pdf").content == first.content


def test_the_downloaded_certificate_is_drawn_from_its_certificate_data_and_checks_at_this_site(
    loaded_example: Path, settings
) -> None:
    settings.SITE_URL = "https://learn.example.nhs.uk/"
    user, client = completed_learner()
    certificate = next(iter(certificates.for_learner(user.pk).values()))
    downloaded = client.get(f"/certificates/{certificate.number}.pdf").content
    assert downloaded == certificates.render_certificate(certificate)
    url = f"https://learn.example.nhs.uk/certificates/verify/?number={certificate.number}"
    assert certificates.verify_url(certificate.number) == url
    assert url in pdf_text(downloaded).replace("\n", "")


def test_nobody_else_can_download_my_certificate(loaded_example: Path) -> None:
    user, client = completed_learner()
    number = next(iter(certificates.for_learner(user.pk).values())).number
    assert client.get(f"/certificates/{number}.pdf").status_code == 200  # its owner can
    other = signed_in(make_learner("other@nhs.net"))
    assert other.get(f"/certificates/{number}.pdf").status_code == 404
    assert Client().get(f"/certificates/{number}.pdf").status_code == 302  # to sign in


def test_anyone_can_verify_a_certificate_and_learns_only_name_session_and_date(loaded_example: Path) -> None:
    user, _ = completed_learner()
    number = next(iter(certificates.for_learner(user.pk).values())).number
    response = Client().get("/certificates/verify/", {"number": number.lower().replace("-", " ")})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine" in body
    assert "Sam Learner" in body
    assert "Speaking up in a team" in body
    assert date_in_words(next(iter(certificates.for_learner(user.pk).values())).completed_on) in body
    assert "learner@nhs.net" not in body


@pytest.mark.parametrize("typed", ["CL-0000-0000-0000-0000-0000", "CL-1234", "' OR 1=1 --", "x" * 500])
def test_a_wrong_or_tampered_number_finds_nothing(loaded_example: Path, typed: str) -> None:
    completed_learner()
    response = Client().get("/certificates/verify/", {"number": typed})
    assert response.status_code == 404
    assert "We could not find that certificate" in response.content.decode()


def test_every_completion_has_its_certificate_from_the_moment_it_is_recorded(loaded_example: Path) -> None:
    user, client = completed_learner()
    completion = learning.session_completion(user.pk, "example", "speaking-up")
    assert completion is not None
    assert list(certificates.for_learner(user.pk)) == [completion.uuid]
    assert "/certificates/CL-" in client.get("/my-learning/").content.decode()


def test_activity_and_transcripts_list_completions(loaded_example: Path) -> None:
    _, client = completed_learner()
    mine = client.get("/my-learning/activity/").content.decode()
    assert activity_card(mine, "Speaking up in a team")
    rows = list(csv.reader(io.StringIO(client.get("/my-learning/transcript.csv").content.decode())))
    assert rows[0][:3] == ["Programme", "Session", "Completed on"]
    assert rows[1][:2] == ["An example programme", "Speaking up in a team"]
    assert "Speaking up in a team" in pdf_text(client.get("/my-learning/transcript.pdf").content)


def test_my_activity_shows_a_summary_card_a_session_not_a_table(loaded_example: Path) -> None:
    user, client = completed_learner()
    number = next(iter(certificates.for_learner(user.pk).values())).number
    mine = client.get("/my-learning/activity/").content.decode()
    assert "<table" not in mine
    card = activity_card(mine, "Speaking up in a team")
    completed_on = date_in_words(next(iter(certificates.for_learner(user.pk).values())).completed_on)
    assert card["caption"].strip() == "An example programme"
    assert card["Status"] == f"Completed {completed_on}, certificate {number}"
    assert card["Score"] == "100%"
    assert card["Dates"].startswith("Started ")
    assert card["actions"] == f"/certificates/{number}.pdf"


def test_my_data_downloads_everything_about_me(loaded_example: Path) -> None:
    _, client = completed_learner()
    data = json.loads(client.get("/my-learning/my-data.json").content)
    assert data["account"]["email"] == "learner@nhs.net"
    assert list(data["profile"]) == [
        "name_on_certificates",
        "profession",
        "job_role",
        "place_of_work",
        "registration_body",
        "registration_number",
        "esr_staff_number",
        "accepted_terms_at",
        "eligible_for_free_access",
    ]
    assert data["profile"]["name_on_certificates"] == "Sam Learner"
    assert len(data["learning"]["completions"]) == 1
    assert len(data["certificates"]) == 1


def test_deleting_my_account_removes_me_but_keeps_the_completion_count(loaded_example: Path) -> None:
    user, client = completed_learner()
    number = next(iter(certificates.for_learner(user.pk).values())).number
    wrong = client.post("/my-learning/delete-account/", {"password": "nope"})
    assert "Enter your current password" in wrong.content.decode()
    client.post("/my-learning/delete-account/", {"password": "a-long-and-unusual-passphrase-41"})
    assert not get_user_model().objects.filter(email="learner@nhs.net").exists()
    assert learning.completion_count("example", "speaking-up") == 1
    # The certificate still checks as genuine, with the session and the date, but no longer the name.
    check = Client().get("/certificates/verify/", {"number": number})
    assert check.status_code == 200
    page = check.content.decode()
    assert "This certificate is genuine" in page
    assert "Speaking up in a team" in page
    assert "Sam Learner" not in page
    assert "deleted their account" in page
    assert Client().get(f"/certificates/{number}.pdf").status_code == 302  # no one can download it now


def test_the_deletion_page_says_what_happens_to_certificates(loaded_example: Path) -> None:
    _, client = completed_learner()
    page = client.get("/my-learning/delete-account/").content.decode()
    assert "will still check as genuine" in page
    assert "no longer your name" in page


def test_add_to_my_learning_enrols(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    assert "You have not added any learning yet" in client.get("/my-learning/").content.decode()
    client.post("/my-learning/enrol/example/")
    client.get("/my-learning/")  # shows, and so uses up, the message "An example programme is in My learning."
    body = client.get("/my-learning/").content.decode()
    assert '<h2 id="programme-example">An example programme</h2>' in body
    assert "0 of 1 sessions completed" in body
    assert client.post("/my-learning/enrol/nope/").status_code == 404


def test_my_learning_can_be_grouped_by_either_pathway(loaded_example: Path) -> None:
    _, client = completed_learner()
    client.post("/my-learning/enrol/example/")
    by_domain = client.get("/my-learning/?pathway=by-domain").content.decode()
    assert '<strong aria-current="page">By framework domain</strong>' in by_domain
    assert "Working with Others (1 of 1 completed)" in by_domain
    by_theme = client.get("/my-learning/").content.decode()
    assert '<strong aria-current="page">By theme</strong>' in by_theme
    assert "Voice in teams (1 of 1 completed)" in by_theme


def test_another_learners_pages_show_none_of_my_records(loaded_example: Path) -> None:
    _, client = completed_learner()
    mine = client.get("/my-learning/activity/").content.decode()
    assert activity_card(mine, "Speaking up in a team")
    other = signed_in(make_learner("other@nhs.net"))
    activity = other.get("/my-learning/activity/").content.decode()
    assert "You have not opened any sessions yet." in activity
    assert "Speaking up" not in activity
    assert json.loads(other.get("/my-learning/my-data.json").content)["learning"]["completions"] == []
