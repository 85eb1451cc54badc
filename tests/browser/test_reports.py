"""Issue 12's managers' reports, in Chromium: a manager of a trust filters the report on their staff, sees the
summary, the charts (SVG images with their titles) beside their tables and who has done what, downloads the
report as CSV with the filters applied, and axe finds nothing wrong with the page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from clinlead.accounts.testing import account, make_learner
from clinlead.learning import api as learning
from clinlead.learning.testing import record_completion
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, load_sample_registry

from .conftest import DESKTOP, axe_violations, new_page
from .test_staff_upload import sign_in

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"


def _staff() -> None:
    load_sample_registry()
    sites = organisations.organisations_by_code(["ZZ101", "ZZ102", "ZZ201"])
    people = {
        "ada": make_learner("ada@northshire-th.nhs.uk", name="Ada Adams", profession="nurse"),
        "ben": make_learner("ben@northshire-th.nhs.uk", name="Ben Brown", profession="nurse"),
        "cai": make_learner("cai@northshire-th.nhs.uk", name="Cai Carter", profession="other"),
        "dee": make_learner("dee@northshire-cmh.nhs.uk", name="Dee Davies", profession="nurse"),
    }
    organisations.record_employments(
        [
            organisations.EmploymentRow(people["ada"].pk, sites["ZZ101"].id, "Ward sister", "Nursing"),
            organisations.EmploymentRow(people["ben"].pk, sites["ZZ102"].id, "Staff nurse", "Nursing"),
            organisations.EmploymentRow(people["cai"].pk, sites["ZZ102"].id, "Porter", "Estates"),
            organisations.EmploymentRow(people["dee"].pk, sites["ZZ201"].id, "Staff nurse", "Nursing"),
        ]
    )
    when = timezone.make_aware(datetime.datetime(2026, 3, 10, 12))
    record_completion(people["ada"].pk, PROGRAMME, "acting-with-integrity", when, 1200, 80)
    record_completion(people["dee"].pk, PROGRAMME, "acting-with-integrity", when, 600, 50)
    learning.assign(
        [people["ben"].pk, people["cai"].pk], PROGRAMME, ["acting-with-integrity"], datetime.date(2026, 1, 31), None
    )


def test_a_manager_filters_a_report_sees_its_charts_and_downloads_it(browser: Browser, site: str) -> None:
    _staff()
    grant(account("hr.lead@northshire-th.nhs.uk", name="Hana Rahman").user.pk, "manager", "ZZ1")
    page = new_page(browser, site, viewport=DESKTOP)
    sign_in(page, site, "hr.lead@northshire-th.nhs.uk")
    page.goto(site + "/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports on your staff's learning")

    page.get_by_label("Staff group").select_option("Nursing")
    page.get_by_label("Completed from").fill("1/1/2026")
    page.get_by_role("button", name="Show report").click()
    expect(page).to_have_url(re.compile(r"staff_group=Nursing"))

    people = page.get_by_role("table", name=re.compile("What each person has done"))
    expect(people).to_contain_text("Ada Adams")
    expect(people).to_contain_text("Acting with integrity")
    expect(people).to_contain_text("Ben Brown")
    expect(people).not_to_contain_text("Cai Carter")  # Estates
    expect(people).not_to_contain_text("Dee Davies")  # another trust

    chart = page.get_by_role("img", name="Completions by month")
    expect(chart).to_be_visible()
    expect(page.locator("svg#completions-by-month title")).to_have_text("Completions by month")
    expect(page.get_by_role("table", name="Completions by month")).to_contain_text("March 2026")
    expect(page.get_by_role("img", name="Overdue assignments by site")).to_be_visible()
    expect(page.get_by_role("table", name="Overdue assignments by site")).to_contain_text("Eastvale General Hospital")
    expect(page.get_by_role("img", name="Completion rate by module")).to_be_visible()

    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("report-by-person-")
    text = download.path().read_text(encoding="utf-8-sig")
    assert "Ada Adams" in text
    assert "Ben Brown" in text
    assert "Cai Carter" not in text  # the filters went with the download
    assert "Dee Davies" not in text
