"""Who may open each sharing page: the learner who shares, the person they share with, another account and a
visitor who is signed out, against a table written out by hand. The organisation matrix
(organisations/tests/test_permission_matrix.py) models roles at organisations; sharing is between two people,
so it has this table of its own.

200/302: the page (302 after a POST that did what it should); "login": sent to sign in; 404: nothing there for them.
"""

import pytest
from django.test import Client

from clinlead.accounts.testing import account
from clinlead.sharing import services
from clinlead.sharing.models import ShareLink
from tests.factories import signed_in

from .conftest import in_days

pytestmark = pytest.mark.django_db
WHO = ("grantee", "other", "signed-out", "learner")  # the learner last: their revokes end the grant and link

#                                          grantee  other   signed-out  learner
EXPECTED = {
    "GET my-learning/sharing/": "200      200     login       200",
    "GET my-learning/sharing/new/": "200      200     login       200",
    "GET my-learning/sharing/links/new/": "200      200     login       200",
    "GET shared-with-me/": "200      200     login       200",
    "GET shared-with-me/{grant}/": "200      404     login       404",
    "GET shared/{token}/": "200      200     200         200",
    "GET shared/{wrong_token}/": "404      404     404         404",
    "POST my-learning/sharing/{grant}/revoke/": "404   404   login   302",
    "POST my-learning/sharing/links/{link}/revoke/": "404   404   login   302",
    "GET my-learning/sharing/{grant}/revoke/": "405   405   login   405",
}
# After the learner's revokes, in the same order.
AFTER_REVOKING = {
    "GET shared-with-me/{grant}/": "404      404     login       404",
    "GET shared/{token}/": "404      404     404         404",
}


@pytest.fixture
def clients() -> tuple[dict[str, Client], dict[str, str]]:
    learner = account("learner@nhs.net", name="Sam Learner").user
    grantee = account("supervisor@deanery.nhs.uk").user
    other = account("someone.else@nhs.net").user
    grant = services.share_record(learner.pk, "supervisor@deanery.nhs.uk", in_days(10), include_reflections=True)
    token = services.make_link(learner.pk, "Appraisal", in_days(10), include_reflections=False)
    values = {
        "grant": grant,
        "token": token,
        "wrong_token": token[:-2] + ("xy" if not token.endswith("xy") else "yz"),
        "link": str(ShareLink.objects.get().uuid),
    }
    who = {
        "grantee": signed_in(grantee),
        "other": signed_in(other),
        "signed-out": Client(),
        "learner": signed_in(learner),
    }
    return who, values


def outcome(client: Client, method: str, address: str) -> str:
    response = client.post(address) if method == "POST" else client.get(address)
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return str(response.status_code)


def check(table: dict[str, str], clients: dict[str, Client], values: dict[str, str]) -> list[str]:
    wrong = []
    for page, row in table.items():
        method, path = page.split(" ")
        for who, expected in zip(WHO, row.split(), strict=True):
            got = outcome(clients[who], method, "/" + path.format(**values))
            if got != expected:
                wrong.append(f"{who} {page}: {got}, expected {expected}")
    return wrong


def test_every_sharing_page_answers_each_person_as_the_table_says(
    clients: tuple[dict[str, Client], dict[str, str]],
) -> None:
    who, values = clients
    assert check(EXPECTED, who, values) == []
    assert check(AFTER_REVOKING, who, values) == []
