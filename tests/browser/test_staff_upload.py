"""Issue 10's journey, in Chromium: a manager of a trust with three sites uploads a 20,000-row staff list, reads
the problems by row and column, uploads the corrected file, saves it while the progress bar moves, and sees
their staff with their invitations; a manager of an unrelated trust sees none of them; a learner from the list
chooses a password from the emailed link and finds the sessions assigned to them on My learning."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from clinlead.accounts.testing import PASSWORD, account
from clinlead.organisations.testing import grant, load_sample_registry

from .conftest import DESKTOP, new_page
from .test_content_security_policy import sign_in as _sign_in

pytestmark = pytest.mark.browser
SITES = ("ZZ101", "ZZ102", "ZZ103")
HEADER = "email,first_name,last_name,esr_number,job_role,staff_group,profession,organisation_code,sessions,due_date\n"
SESSION = "civility-and-speaking-up"


def staff_list(rows: int, *, mistakes: bool) -> str:
    lines = [HEADER]
    for n in range(1, rows + 1):
        email = f"person{n:05d}@northshire-th.nhs.uk"
        site = SITES[n % 3]
        sessions = SESSION if n <= 100 else ""
        lines.append(
            f"{email},Person,Number {n},{10_000_000 + n}-1,Staff nurse,Nursing,nurse,{site},{sessions},2027-03-31\n"
        )
    text = "".join(lines)
    if mistakes:
        text = text.replace("person00004@northshire-th.nhs.uk", "person00004-at-northshire", 1)
        text = text.replace(",ZZ103,", ",ZZ999,", 1)
    return text


def sign_in(page: Page, site: str, email: str) -> None:
    _sign_in(page, site, email)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def upload(page: Page, site: str, path: Path) -> None:
    page.goto(site + "/staff/upload/")
    page.get_by_label("Staff list").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("has been checked"), timeout=120_000)


def test_a_manager_uploads_fixes_and_saves_twenty_thousand_staff(
    browser: Browser, site: str, tasks_in_process: None, tmp_path: Path
) -> None:
    load_sample_registry()
    grant(account("hr.lead@northshire-th.nhs.uk", name="Hana Rahman").user.pk, "manager", "ZZ1")
    grant(account("hr.lead@southmoor-uh.nhs.uk", name="Sol Barnes").user.pk, "manager", "ZZ3")
    page = new_page(browser, site, viewport=DESKTOP)
    sign_in(page, site, "hr.lead@northshire-th.nhs.uk")

    wrong = tmp_path / "staff.csv"
    wrong.write_text(staff_list(20_000, mistakes=True), encoding="utf-8")
    upload(page, site, wrong)
    problems = page.get_by_role("table", name="Problems by row and column")
    expect(problems).to_contain_text("person00004-at-northshire")
    expect(problems.get_by_role("row").filter(has_text="ZZ999")).to_contain_text("organisation_code")
    expect(page.get_by_role("button", name=re.compile("^Save"))).to_have_count(0)
    first_upload = page.url

    fixed = tmp_path / "staff-fixed.csv"
    fixed.write_text(staff_list(20_000, mistakes=False), encoding="utf-8")
    upload(page, site, fixed)
    expect(page.get_by_text("Errors")).to_be_visible()
    page.get_by_role("button", name="Save 20,000 people").click()
    # Saving 20,000 people takes seconds: the page shows its progress (htmx polls it) until it is done.
    expect(page.locator("#task-progress progress")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your staff list has been saved", timeout=240_000)
    # The list is saved before the invitations go: the page goes on showing "Sending invitations" until all are sent.
    expect(page.locator("#task-progress")).to_have_count(0, timeout=240_000)
    page.get_by_role("link", name="See your staff").click()
    expect(page.get_by_text("20,000 people work at the organisations you manage")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Invited")

    other = new_page(browser, site, viewport=DESKTOP)
    sign_in(other, site, "hr.lead@southmoor-uh.nhs.uk")
    other.goto(site + "/staff/")
    expect(other.get_by_text("0 people work at the organisations you manage")).to_be_visible()
    assert other.goto(first_upload).status == 404  # type: ignore[union-attr]

    invitation = next(m for m in mail.outbox if m.to == ["person00003@northshire-th.nhs.uk"])
    link = re.search(r"^(https?://\S+)$", str(invitation.body), re.M).group(1)  # type: ignore[union-attr]
    learner = new_page(browser, site)
    learner.goto(site + "/" + link.split("/", 3)[3])
    learner.get_by_label("Password", exact=True).fill(PASSWORD)
    learner.get_by_label("Confirm your password").fill(PASSWORD)
    learner.get_by_label("I accept the terms of use").check()
    learner.get_by_role("button", name="Save password and start").click()
    expect(learner.get_by_role("heading", name="Assigned to you")).to_be_visible()
    expect(learner.get_by_text("Hana Rahman")).to_be_visible()
    for opened in (page, other, learner):
        opened.context.close()
