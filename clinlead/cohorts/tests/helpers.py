"""Test set-up shared by the cohorts tests: the sample registry, a trainer at trust ZZ1, and learners."""

from typing import Any

from django.test import Client

from clinlead.organisations.testing import grant, load_sample_registry, organisation_id
from tests.factories import make_learner, signed_in

S = "/programmes/example/sessions/speaking-up"


def trainer_at(code: str, email: str, role: str = "trainer") -> tuple[Any, Client]:
    user = make_learner(email, name=email.split("@")[0].title())
    grant(user.pk, role, code)
    return user, signed_in(user)


def world() -> dict[str, Any]:
    load_sample_registry()
    trainer, trainer_client = trainer_at("ZZ1", "tess.trainer@nhs.net")
    _, other_client = trainer_at("ZZ3", "otto.trainer@nhs.net")
    return {
        "trainer": trainer,
        "trainer_client": trainer_client,
        "other_client": other_client,
        "zz1": organisation_id("ZZ1"),
    }


def create(client: Client, organisation: int, name: str = "Band 7 day", join_code: bool = True) -> int:
    response = client.post(
        "/cohorts/new/", {"name": name, "organisation": str(organisation), "join_code": "on" if join_code else ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return int(response["Location"].rstrip("/").split("/")[-1])


def learner(email: str, name: str) -> tuple[Any, Client]:
    user = make_learner(email, name=name)
    return user, signed_in(user)


def play(client: Client, *, first_response: str, reflection: str = "") -> None:
    """Open the example session and answer its first exercise (a: right, b: wrong), and write a reflection."""
    for number in (1, 2, 3):
        client.get(f"{S}/v1/{number}/")
    client.post(f"{S}/v1/2/", {"exercise": "first-response", "choice": first_response})
    if reflection:
        client.post(f"{S}/v1/3/", {"exercise": "reflect", "text": reflection})
