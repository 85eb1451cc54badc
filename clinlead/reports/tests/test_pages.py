"""The report pages: what a manager sees of their own organisations' staff, filtered, and nothing of anyone
else's; bad filters answered on their field."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from clinlead.accounts.testing import make_learner
from clinlead.organisations.testing import employ, grant, organisation_id

from .conftest import INTEGRITY, MODULE, VISION, Staff, sign_in

pytestmark = pytest.mark.django_db


NAMES = ("Ada Adams", "Ben Brown", "Cai Carter", "Dee Davies")


def _names(page: str) -> set[str]:
    """Who the page lists, of the four people of the fixture."""
    return {name.split()[0].lower() for name in NAMES if name in page}


def _page(staff: Staff, name: str = "reports:by-person", **filters: Any) -> tuple[int, str]:
    response = staff.manager.get(reverse(name), filters)
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return response.status_code, body.decode(errors="replace")


def test_a_manager_sees_their_trusts_staff_and_what_they_have_done(staff: Staff) -> None:
    status, page = _page(staff)
    assert status == 200
    assert "Ada Adams" in page
    assert "Ben Brown" in page
    assert "Cai Carter" in page
    assert "Dee Davies" not in page  # the trust beside theirs
    assert "Acting with integrity" in page
    assert "Summary" in page
    # Three people, three completions (Dee's is not theirs), one overdue assignment (Cai's two sessions).
    assert '<dd class="nhsuk-summary-list__value">3</dd>' in page
    assert '<dd class="nhsuk-summary-list__value">2</dd>' in page  # Cai's two overdue sessions


def test_the_summary_counts_people_completions_rate_and_overdue(staff: Staff) -> None:
    _, page = _page(staff, session=INTEGRITY)
    values = [part.split("<")[0] for part in page.split('<dd class="nhsuk-summary-list__value">')[1:]]
    assert values == ["3", "2", "67%", "1"]  # 2 of 3 people completed it; Cai's one overdue


def test_filters_narrow_the_people_and_the_sessions(staff: Staff) -> None:
    _, page = _page(staff, staff_group="Nursing")
    assert _names(page) & {"ada", "ben", "cai"} == {"ada", "ben"}
    _, page = _page(staff, profession="other")
    assert _names(page) & {"cai", "ada"} == {"cai"}
    _, page = _page(staff, organisation=str(organisation_id("ZZ101")))
    assert _names(page) & {"ada", "ben"} == {"ada"}
    _, page = _page(staff, assigned="assigned")
    assert _names(page) & {"ben", "cai", "ada"} == {"ben", "cai"}
    _, page = _page(staff, assigned="not-assigned")
    assert _names(page) & {"ada", "ben"} == {"ada"}
    _, page = _page(staff, due="overdue")
    assert _names(page) & {"cai", "ben"} == {"cai"}
    _, page = _page(staff, due="due")
    assert _names(page) & {"ben", "cai"} == {"ben"}
    _, page = _page(staff, session=VISION)
    assert "Acting with integrity" not in _table(page)  # nobody completed the session chosen
    _, page = _page(staff, module=MODULE)
    assert "Acting with integrity" in _table(page)


def _table(page: str) -> str:
    return page.split("<h2>By person</h2>")[1]


def test_the_period_counts_only_completions_within_it(staff: Staff) -> None:
    _, page = _page(staff, completed_from="1/4/2026", completed_to="30/4/2026")
    values = [part.split("<")[0] for part in page.split('<dd class="nhsuk-summary-list__value">')[1:]]
    assert values[1] == "2"  # Ada's awareness (2 April) and Ben's integrity (20 April); not Ada's in March
    assert "April 2026" in page
    assert "March 2026" not in page


BAD_FILTERS = [
    ({"completed_from": "31/2/2026"}, "Completed from must be a real date"),
    ({"completed_to": "soon"}, "Completed to must be a real date"),
    ({"completed_from": "2/4/2026", "completed_to": "1/4/2026"}, "must be the same as or after"),
    ({"session": "no-such-session"}, "Session: choose one of the options"),
    ({"staff_group": "Astronauts"}, "Staff group: choose one of the options"),
    ({"organisation": "north"}, "Organisation: choose one of the options"),
    ({"due": "sometime"}, "Due dates: choose one of the options"),
]


def test_bad_filters_are_named_on_their_field(staff: Staff) -> None:
    for filters, message in BAD_FILTERS:
        status, page = _page(staff, **filters)
        assert status == 400, filters
        assert "There is a problem" in page
        assert message in page, filters
        status, _ = _page(staff, "reports:person-csv", **filters)
        assert status == 400


def test_by_session_lists_who_has_and_who_has_not_completed_it(staff: Staff) -> None:
    status, page = _page(staff, "reports:by-session", session=INTEGRITY)
    assert status == 200
    done, not_done = page.split("<h3>Not completed</h3>")
    assert _names(done) & {"ada", "ben"} == {"ada", "ben"}
    assert "Cai Carter" in not_done
    assert "Overdue" in not_done
    assert "Dee Davies" not in page
    _, page = _page(staff, "reports:by-session")
    assert "Choose a session" in page


PAGES = ["reports:by-person", "reports:by-session", "reports:person-csv", "reports:person-xlsx",
         "reports:session-csv", "reports:session-xlsx"]  # fmt: skip


def test_a_manager_may_report_on_their_organisation_and_those_below_it_only(staff: Staff) -> None:
    for name in PAGES:
        for where in ("ZZ1", "ZZ101", "ZZ102"):
            status, _ = _page(staff, name, organisation=str(organisation_id(where)), session=INTEGRITY)
            assert status == 200, (name, where)
        for where in ("ZZA", "ZZ2", "ZZ201", "ZZ3"):  # parent, sibling, its child, unrelated
            status, _ = _page(staff, name, organisation=str(organisation_id(where)), session=INTEGRITY)
            assert status == 404, (name, where)


def test_learners_and_trainers_are_told_reports_are_for_managers(staff: Staff) -> None:
    learner = make_learner("learner@northshire-th.nhs.uk")
    employ(learner.pk, "ZZ1")
    trainer = make_learner("trainer@northshire-th.nhs.uk")
    grant(trainer.pk, "trainer", "ZZ1")
    for name in PAGES:
        for person in (learner, trainer):
            response = sign_in(person).get(reverse(name), {"session": INTEGRITY})
            assert response.status_code == 403, name
            assert "Only organisation managers and administrators" in response.content.decode()


def test_signed_out_people_are_sent_to_sign_in(staff: Staff) -> None:
    for name in PAGES:
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_administrators_and_platform_administrators_see_reports(staff: Staff) -> None:
    administrator = make_learner("admin@northshire-th.nhs.uk")
    grant(administrator.pk, "administrator", "ZZ101")
    page = sign_in(administrator).get(reverse("reports:by-person")).content.decode()
    assert _names(page) == {"ada"}  # ZZ101 only
    platform = make_learner("platform@nhs.net")
    grant(platform.pk, "platform-administrator", None)
    page = sign_in(platform).get(reverse("reports:by-person")).content.decode()
    assert _names(page) & {"dee", "ada"} == {"dee", "ada"}
