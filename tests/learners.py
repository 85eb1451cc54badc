"""Learners for tests: made through the accounts' own services, playing the format guide's example session."""

from typing import Any

from django.test import Client

from clinlead.accounts.models import User
from clinlead.accounts.services import create_profile
from clinlead.catalogue import api as catalogue
from clinlead.content.data import Exercise, MultipleChoice, Ordering, SingleChoice
from clinlead.learning import api as learning

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
    """The form that puts the example's ordering exercise in the right order."""
    session = catalogue.playable_session("example", "speaking-up", None)
    exercise = session.pages[2].exercise("escalation-order")
    assert exercise is not None
    return {name: value for name, value in answer_key_form(exercise).items() if name != "exercise"}


def answer_key_form(exercise: Exercise) -> dict[str, Any]:
    """The form a learner posts to answer an exercise right, read from the content as a writer would (the
    options marked correct, the items in the order written); a reflection gets a few words."""
    match exercise:
        case SingleChoice(options=options):
            return {"exercise": exercise.key, "choice": next(o.id for o in options if o.correct)}
        case MultipleChoice(options=options):
            return {"exercise": exercise.key, "choice": [o.id for o in options if o.correct]}
        case Ordering(items=items):
            return {"exercise": exercise.key} | {f"position-{i.id}": str(n) for n, i in enumerate(items, start=1)}
    return {"exercise": exercise.key, "text": "What I will do differently next week."}


def shape_of(programme_key: str, session_key: str, version: int) -> learning.SessionShape:
    """What learning is told about a session version when a learner plays it."""
    session = catalogue.playable_session(programme_key, session_key, version)
    return learning.SessionShape(programme_key, session_key, version, session.completion_rule)


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
