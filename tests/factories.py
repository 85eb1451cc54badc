"""Test data for every app's tests, built through the apps' doors: their `api` and `data`, and the `testing`
doors that only tests may use (an account made in one step, time passing). docs/decisions/0017."""

from typing import Any

from django.test import Client

from clinlead.accounts.testing import PASSWORD, make_learner
from clinlead.catalogue import api as catalogue
from clinlead.content.data import Exercise, MultipleChoice, Ordering, SingleChoice
from clinlead.learning import api as learning
from clinlead.learning import testing as learning_testing

__all__ = [
    "NAMES_IN_MANY_SCRIPTS",
    "PASSWORD",
    "RIGHT",
    "S",
    "answer_key_form",
    "let_time_pass",
    "make_learner",
    "ordering_answer",
    "play_everything",
    "shape_of",
    "signed_in",
]
S = "/programmes/example/sessions/speaking-up"
# Names as learners write them, in the scripts certificates draw: accounts must accept them, certificates print them.
NAMES_IN_MANY_SCRIPTS = [
    "Siobhán Ní Bhriain",
    "Zoë O’Neill-Øberg",
    "N'Golo Kanté",
    "Nguyễn Thị Minh Khai",
    "Ελένη Παπαδοπούλου",
    "Анна-Мария Иванова",
    "محمد عبد الله",
    "سید محمد\u200cعلی",  # Persian: the zero width non-joiner keeps محمد and علی apart in one word
    "مریم خان",  # Urdu
    "שרה לוי-כהן",
    "王小明",
    "佐々木 ひなた",
    "김민준",
    "प्रियंका शर्मा",
    "ক্ষ\u200dত্রিয়",  # Bengali with a zero width joiner choosing a half form
    "ਗੁਰਪ੍ਰੀਤ ਕੌਰ",
    "தமிழ்செல்வி",
    "ધ્રુવ પટેલ",
]

RIGHT: dict[str, dict[str, Any]] = {
    "first-response": {"choice": "a"},
    "why-silent": {"choice": ["a", "c"]},
}


def signed_in(user: Any) -> Client:
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


def let_time_pass(user: Any, seconds: int) -> None:
    """As if `seconds` had passed since the learner's page views began (see clinlead/learning/testing.py)."""
    learning_testing.let_time_pass(user.pk, seconds)
