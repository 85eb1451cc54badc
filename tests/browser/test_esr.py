"""Issue 12's ESR journey, in Chromium: a trust's administrator opens the export, makes an API token (shown once),
the integration engine reads the completions with it, and the administrator downloads the complete CSV."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from clinlead.accounts.testing import account
from clinlead.esr.testing import completion_announced
from clinlead.learning.testing import write_completion
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, load_sample_registry, organisation_id

from .conftest import DESKTOP, axe_violations, new_page
from .test_staff_upload import sign_in

pytestmark = pytest.mark.browser


def test_an_administrator_makes_a_token_and_downloads_the_export(browser: Browser, site: str) -> None:
    load_sample_registry()
    grant(account("ada@northshire-th.nhs.uk", name="Ada Administrator").user.pk, "administrator", "ZZ1")
    amara = account("amara@northshire-th.nhs.uk", name="Amara Okafor").user.pk
    organisations.record_employments(
        [organisations.EmploymentRow(amara, organisation_id("ZZ101"), esr_assignment_number="20000001-01")]
    )
    completion_announced(
        amara, write_completion(amara, "leadership-for-clinicians", "acting-with-integrity", timezone.now())
    )
    page = new_page(browser, site, viewport=DESKTOP)
    sign_in(page, site, "ada@northshire-th.nhs.uk")

    page.goto(site + "/esr/")
    page.get_by_role("link", name="Northshire Teaching Hospitals NHS Foundation Trust (ZZ1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Completions for the Electronic Staff Record")
    assert axe_violations(page) == [], page.url

    page.get_by_role("link", name="API tokens for your integration engine").click()
    page.get_by_label("Name").fill("Trust integration engine")
    page.get_by_role("button", name="Make token").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("clesr_")
    assert axe_violations(page) == [], page.url
    answer = page.request.get(site + "/api/esr/v1/completions", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    assert [c["esr_assignment_number"] for c in answer.json()["completions"]] == ["20000001-01"]

    page.get_by_role("link", name="Back to the export").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every completion (CSV)").click()
    assert "-complete-" in download.value.suggested_filename
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[1][:3] == ["20000001-01", "", "ZZ101"]
    assert rows[1][5] == "Leadership for Clinicians – Acting with integrity"
