"""Learners for tests: made through the accounts' own services, playing the format guide's example session."""

from typing import Any

from django.test import Client

from clinlead.accounts.models import User
from clinlead.accounts.services import create_profile
from clinlead.catalogue import api as catalogue

PASSWORD = "a-long-and-unusual-passphrase-41"
S = "/programmes/example/sessions/speaking-up"
RIGHT: dict[str, dict[str, Any]] = {
    "first-response": {"choice": "a"},
    "why-silent": {"choice": ["a", "c"]},
}


def make_learner(email: str = "learner@nhs.net") -> User:
    user = User.objects.create_user(email, PASSWORD)
    create_profile(user, name_on_certificates="Sam Learner", profession="paramedic")
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ordering_answer() -> dict[str, str]:
    session = catalogue.playable_session("example", "speaking-up", None)
    items = next(b for b in session.pages[2].blocks if b.data.get("key") == "escalation-order").data["items"]
    return {f"position-{item['id']}": str(n) for n, item in enumerate(items, start=1)}


def play_everything(client: Client, version: int = 1) -> None:
    for number in (1, 2, 3):
        client.get(f"{S}/v{version}/{number}/")
    client.post(f"{S}/v{version}/2/", {"exercise": "first-response", **RIGHT["first-response"]})
    client.post(f"{S}/v{version}/2/", {"exercise": "why-silent", **RIGHT["why-silent"]})
    client.post(f"{S}/v{version}/3/", {"exercise": "escalation-order", **ordering_answer()})


def let_time_pass(user: User, seconds: int) -> None:
    """As if `seconds` had passed since the learner's page views began: every view starts that much earlier.

    Time on a page is believed only up to the wall-clock time since its view began (docs/decisions/0010),
    so tests that report minutes of reading move the views back rather than wait.
    """
    from datetime import timedelta

    from django.db.models import F

    from clinlead.learning.models import PageView

    PageView.objects.filter(user=user).update(viewed_at=F("viewed_at") - timedelta(seconds=seconds))
