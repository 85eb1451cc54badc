"""A clinician registers, learns across two devices, completes a session and verifies the certificate."""

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from clinlead.catalogue import api as catalogue

from .conftest import axe_violations, new_page
from .test_sample_session import answer_exercise

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"
SESSION = "working-within-teams"
EMAIL = "amara.okafor@nhs.net"
PASSWORD = "a-long-and-unusual-passphrase-41"


def sign_in(page: Page, site: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def play_pages(page: Page, numbers: range) -> None:
    session = catalogue.playable_session(PROGRAMME, SESSION, None)
    for number in numbers:
        expect(page.get_by_text(f"Page {number} of {len(session.pages)}")).to_be_visible()
        for block in session.pages[number - 1].blocks:
            if block.kind == "exercise":
                answer_exercise(page, block)
        page.get_by_role("link", name=re.compile(r"^Next")).click()


def test_register_learn_on_two_devices_complete_and_verify_the_certificate(browser: Browser, site: str) -> None:
    ward_pc = new_page(browser, site)
    ward_pc.goto(site + "/accounts/signup/")
    assert axe_violations(ward_pc) == []
    ward_pc.get_by_label("Email").fill(EMAIL)
    ward_pc.get_by_label("Full name").fill("Amara Okafor")
    ward_pc.get_by_label("Profession").select_option("nurse")
    ward_pc.get_by_label("Password", exact=True).fill(PASSWORD)
    ward_pc.get_by_label("Password (again)").fill(PASSWORD)
    ward_pc.get_by_label("I accept the terms of use").check()
    ward_pc.get_by_role("button", name="Create account").click()
    expect(ward_pc.locator("h1")).to_have_text("Check your email")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    ward_pc.goto(site + "/accounts/confirm-email/" + link.group(0).split("/accounts/confirm-email/")[1])
    ward_pc.get_by_role("button", name="Confirm").click()
    expect(ward_pc.locator("h1")).to_have_text("My learning")

    ward_pc.goto(f"{site}/programmes/{PROGRAMME}/")
    ward_pc.get_by_role("button", name="Add to my learning").click()
    expect(ward_pc.get_by_text("Leadership for Clinicians is in My learning.")).to_be_visible()
    assert axe_violations(ward_pc) == []

    ward_pc.goto(f"{site}/programmes/{PROGRAMME}/sessions/{SESSION}/")
    ward_pc.get_by_role("button", name="Start session").click()
    session = catalogue.playable_session(PROGRAMME, SESSION, None)
    play_pages(ward_pc, range(1, 4))
    # Half way. Wait for page 4 to open (and be recorded) before signing out: page 3 has a Sign out link too.
    expect(ward_pc.get_by_text(f"Page 4 of {len(session.pages)}")).to_be_visible()
    ward_pc.get_by_role("link", name="Sign out").click()
    ward_pc.get_by_role("button", name="Sign out").click()
    ward_pc.context.close()

    phone = new_page(browser, site)
    sign_in(phone, site)
    expect(phone.locator("h1")).to_have_text("My learning")
    carry_on = phone.get_by_role("region", name="Continue where you left off")
    expect(carry_on).to_contain_text(f"Page 4 of {len(session.pages)}")
    carry_on.get_by_role("link", name=session.title).click()  # straight to the page, not the session's overview
    expect(phone.locator("h1")).to_have_text(session.pages[3].title)
    play_pages(phone, range(4, len(session.pages) + 1))
    expect(phone.locator("h1")).to_contain_text(f"You have completed {session.title}")

    phone.goto(site + "/my-learning/")
    assert axe_violations(phone) == []
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name=re.compile("^Certificate")).first.click()
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = pdf.pages[0].extract_text()
    number = re.search(r"CL-[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}", text)
    assert number, text
    assert "Amara Okafor" in text

    phone.goto(site + "/my-learning/activity/")
    assert axe_violations(phone) == []
    phone.context.close()

    stranger = new_page(browser, site)
    stranger.goto(site + "/certificates/verify/")
    stranger.get_by_label("Certificate number").fill(number.group(0))
    stranger.get_by_role("button", name="Check certificate").click()
    expect(stranger.get_by_text("This certificate is genuine")).to_be_visible()
    expect(stranger.get_by_text("Amara Okafor")).to_be_visible()
    assert axe_violations(stranger) == []
    stranger.context.close()


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/certificates/verify/?number=CL-nope"])
def test_account_pages_have_no_wcag_violations(phone: Page, site: str, path: str) -> None:
    phone.goto(site + path)
    assert axe_violations(phone) == []
