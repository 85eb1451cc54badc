"""Who may open each ESR page (the permission matrix for this app's pages), and the reconciliation report."""

import csv
import io

import pytest
from django.test import Client

from clinlead.accounts.testing import give_esr_staff_number, make_learner
from clinlead.esr import tokens
from clinlead.organisations.testing import grant

from .conftest import Trusts, signed_in

# Status by person for each page of the trust ZZ1. "learner": Amara, who works there; "other-manager": the manager
# of the trust beside it (ZZ2). Cannot see it: 404; sees it but may not change it: 403.
PEOPLE = ("manager", "administrator", "platform-administrator", "learner", "other-manager")
EXPECTED = {
    "GET /esr/": (200, 200, 200, 403, 200),
    "GET /esr/{org}/": (200, 200, 200, 404, 404),
    "GET /esr/{org}/completions.csv": (200, 200, 200, 404, 404),
    "GET /esr/{org}/reconciliation/": (200, 200, 200, 404, 404),
    "GET /esr/{org}/reconciliation/no-esr-number.csv": (200, 200, 200, 404, 404),
    "GET /esr/{org}/tokens/": (403, 200, 200, 404, 404),
    "POST /esr/{org}/tokens/": (403, 200, 200, 404, 404),
    "POST /esr/{org}/tokens/{token}/revoke/": (403, 302, 302, 404, 404),
}


def person(trusts: Trusts, who: str) -> int:
    if who == "platform-administrator":
        user_id = int(make_learner("platform@clinlead.example", name="Pat Platform").pk)
        grant(user_id, "platform-administrator", None)
        return user_id
    return {
        "manager": trusts.manager,
        "administrator": trusts.administrator,
        "learner": trusts.amara,
        "other-manager": trusts.other_manager,
    }[who]


@pytest.mark.parametrize("who", PEOPLE)
def test_each_page_answers_each_person_as_the_table_says(trusts: Trusts, who: str) -> None:
    client = signed_in(person(trusts, who))
    found = {}
    for page in EXPECTED:
        method, address = page.split(" ")
        made, _ = tokens.make_token(trusts.zz1, "engine", trusts.administrator)
        url = address.format(org=trusts.zz1, token=made.id)
        response = client.post(url, {"name": "engine"}) if method == "POST" else client.get(url)
        found[page] = response.status_code
    assert found == {page: statuses[PEOPLE.index(who)] for page, statuses in EXPECTED.items()}


def test_nobody_signed_in_is_sent_to_sign_in(trusts: Trusts) -> None:
    for address in ("/esr/", f"/esr/{trusts.zz1}/", f"/esr/{trusts.zz1}/completions.csv"):
        response = Client().get(address)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_another_trusts_token_cannot_be_revoked_from_here(trusts: Trusts) -> None:
    theirs, _ = tokens.make_token(trusts.zz2, "engine", trusts.other_manager)
    response = signed_in(trusts.administrator).post(f"/esr/{trusts.zz1}/tokens/{theirs.id}/revoke/")
    assert response.status_code == 404
    assert tokens.tokens_of(trusts.zz2)[0].revoked_at is None


def test_an_ods_code_opens_the_organisation_only_for_those_who_may_see_it(trusts: Trusts) -> None:
    response = signed_in(trusts.manager).get("/esr/?code=zz101")
    assert response.status_code == 302
    assert response["Location"].startswith("/esr/")
    refused = signed_in(trusts.manager).get("/esr/?code=ZZ2")
    assert refused.status_code == 400
    assert "You cannot see the reports of an organisation with the ODS code ZZ2" in refused.content.decode()


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_reconciliation_lists_completions_and_people_without_an_assignment_number(trusts: Trusts) -> None:
    trusts.complete(trusts.amara)
    trusts.complete(trusts.ben)
    client = signed_in(trusts.manager)
    page = client.get(f"/esr/{trusts.zz1}/reconciliation/").content.decode()
    assert "Completions with no ESR assignment number (1)" in page
    assert "People with no ESR assignment number (1)" in page
    unmatched = rows(client.get(f"/esr/{trusts.zz1}/reconciliation/unmatched-completions.csv").content.decode())
    assert [(r[0], r[3]) for r in unmatched[1:]] == [("", "Ben Hughes")]
    people = rows(client.get(f"/esr/{trusts.zz1}/reconciliation/no-esr-number.csv").content.decode())
    assert people == [
        ["Organisation ODS Code", "Person Name", "Email", "ESR Staff Number"],
        ["ZZ102", "Ben Hughes", "ben@northshire-th.nhs.uk", ""],
    ]


def test_a_staff_number_two_people_gave_is_a_duplicate_without_naming_people_elsewhere(trusts: Trusts) -> None:
    give_esr_staff_number([trusts.amara, trusts.ben, trusts.cara], "20000001")
    found = rows(
        signed_in(trusts.manager).get(f"/esr/{trusts.zz1}/reconciliation/duplicate-staff-numbers.csv").content.decode()
    )
    assert found == [
        ["ESR Staff Number", "Person Name", "Email", "Organisation ODS Codes"],
        ["20000001", "Amara Okafor", "amara@northshire-th.nhs.uk", "ZZ101"],
        ["20000001", "Ben Hughes", "ben@northshire-th.nhs.uk", "ZZ102"],
        ["20000001", "Someone at another organisation", "", ""],
    ]


def test_an_unknown_list_is_not_found(trusts: Trusts) -> None:
    assert signed_in(trusts.manager).get(f"/esr/{trusts.zz1}/reconciliation/nothing.csv").status_code == 404
