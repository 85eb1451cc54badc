"""Issue 12's sharing journey, in Chromium: a learner shares their record with their educational supervisor by
email; the supervisor follows the emailed link, signs in and reads it (twice); the learner stops sharing, after
which the supervisor gets a 404; the learner's log lists both reads. The sharing page passes axe."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, expect

from clinlead.accounts.testing import account

from .conftest import DESKTOP, axe_violations, new_page
from .test_content_security_policy import sign_in

pytestmark = pytest.mark.browser


def test_a_learner_shares_with_a_supervisor_then_revokes_and_sees_both_reads(browser: Browser, site: str) -> None:
    account("sam.learner@nhs.net", name="Sam Learner")
    account("dr.supervisor@deanery.nhs.uk", name="Dr Supervisor")

    learner = new_page(browser, site, viewport=DESKTOP)
    sign_in(learner, site, "sam.learner@nhs.net")
    learner.wait_for_url(lambda url: "/accounts/login/" not in url)
    learner.goto(site + "/my-learning/")
    learner.get_by_role("link", name="Share your record").click()
    learner.get_by_role("link", name="Share your record with someone").click()
    learner.get_by_label("Their email address").fill("dr.supervisor@deanery.nhs.uk")
    last_day = timezone.localdate() + datetime.timedelta(days=60)
    learner.get_by_label("Share until (the last day)").fill(last_day.strftime("%d/%m/%Y"))
    learner.get_by_role("button", name="Share my record").click()
    expect(learner.get_by_text("Your record is shared with dr.supervisor@deanery.nhs.uk")).to_be_visible()
    assert axe_violations(learner) == []

    (email,) = [m for m in mail.outbox if m.to == ["dr.supervisor@deanery.nhs.uk"]]
    link = re.search(r"^(https?://\S+/shared-with-me/\S+/)$", str(email.body), re.M)
    assert link, email.body
    record_path = "/" + link.group(1).split("/", 3)[3]

    supervisor = new_page(browser, site, viewport=DESKTOP)
    supervisor.goto(site + record_path)  # not signed in: sent to sign in, then on to the record
    supervisor.get_by_label("Email").fill("dr.supervisor@deanery.nhs.uk")
    supervisor.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase-41")
    supervisor.get_by_role("button", name="Sign in").click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("Sam Learner")
    supervisor.goto(site + "/shared-with-me/")
    supervisor.get_by_role("link", name="Sam Learner").click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("Sam Learner")
    assert axe_violations(supervisor) == []

    learner.get_by_role("button", name=re.compile("Stop sharing")).click()
    expect(learner.get_by_text("You have stopped sharing your record")).to_be_visible()
    response = supervisor.goto(site + record_path)
    assert response is not None
    assert response.status == 404

    log = learner.get_by_role("table", name="Who has looked at your record, latest first")
    expect(log.get_by_role("row").filter(has_text="dr.supervisor@deanery.nhs.uk")).to_have_count(2)
    assert axe_violations(learner) == []
    for opened in (learner, supervisor):
        opened.context.close()
