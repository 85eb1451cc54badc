"""Reports as files and pictures: the CSV and XLSX exports carry the same people and filters as the page, read
back as a spreadsheet would, with formulas made inert; the charts are images with a name and a description."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinlead.accounts.testing import make_learner
from clinlead.learning.testing import record_completion
from clinlead.organisations.testing import employ, make_organisation

from ..charts import bar_chart
from ..exports import neutralise
from .conftest import INTEGRITY, PROGRAMME, Staff, moment

pytestmark = pytest.mark.django_db


def _download(staff: Staff, name: str, **filters: str) -> bytes:
    response = staff.manager.get(reverse(name), filters)
    assert response.status_code == 200, response.content[:3000]
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]


def test_csv_by_person_streams_everyone_in_the_report(staff: Staff) -> None:
    response = staff.manager.get(reverse("reports:person-csv"), {"staff_group": "Nursing"})
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert rows[0][:2] == ["Name", "Email"]
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"Ada Adams", "Ben Brown"}
    assert by_name["Ada Adams"][4] == "2"  # sessions completed
    assert "Acting with integrity (2026-03-10)" in by_name["Ada Adams"][5]
    assert by_name["Ada Adams"][6] == "30"  # minutes
    assert by_name["Ada Adams"][7] == "90"  # average of 80 and 100


def test_xlsx_by_session_reads_back_with_openpyxl(staff: Staff) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_download(staff, "reports:session-xlsx", session=INTEGRITY)))
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:4] == ("Name", "Email", "Organisation", "Completed")
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"Ada Adams", "Ben Brown", "Cai Carter"}
    assert by_name["Ada Adams"][3] == "Yes"
    assert by_name["Cai Carter"][3] == "No"
    assert by_name["Cai Carter"][7] == "Yes"  # assigned
    assert by_name["Ada Adams"][6] == 80


def test_a_session_report_file_needs_a_session(staff: Staff) -> None:
    assert staff.manager.get(reverse("reports:session-csv")).status_code == 400


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_made_inert(start: str) -> None:
    assert neutralise(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"
    assert neutralise("Ada") == "Ada"
    assert neutralise(-3) == -3  # numbers are numbers


def test_formulas_in_text_are_inert_in_both_files(staff: Staff) -> None:
    # People's names cannot hold "=" (accounts refuses it), but an organisation's name comes from a registry file.
    make_organisation("ZZ109", '=HYPERLINK("http://evil.example","x")', parent_code="ZZ1")
    mallory = make_learner("mallory@northshire-th.nhs.uk", name="Mallory Moss")
    employ(mallory.pk, "ZZ109")
    text = _download(staff, "reports:person-csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ',"=HYPERLINK' not in text
    book = openpyxl.load_workbook(io.BytesIO(_download(staff, "reports:person-xlsx")))
    places = [row[3] for row in book.active.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert '\'=HYPERLINK("http://evil.example","x")' in places


def test_a_chart_is_an_image_with_a_name_a_description_and_escaped_labels() -> None:
    svg = str(bar_chart("c1", "Completions by month", "Sessions completed", [("<b>March</b>", 3), ("April", 6)]))
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Completions by month</title>' in svg
    assert '<desc id="c1-desc">Sessions completed</desc>' in svg
    assert "&lt;b&gt;March&lt;/b&gt;" in svg
    assert "<b>" not in svg
    assert svg.count("<rect") == 2
    widths = [int(part.split('"')[0]) for part in svg.split('width="')[2:]]  # after the svg's own width
    assert widths[1] == 2 * widths[0]  # bars in proportion


def test_a_chart_with_nothing_to_show_says_so() -> None:
    assert "Nothing to show yet" in str(bar_chart("c2", "Overdue", "None", []))


def _queries(staff: Staff) -> list[str]:
    # Once to fill the caches (the catalogue's, which making accounts may empty), then counted.
    staff.manager.get(reverse("reports:by-person"), {"staff_group": "Radiography"})
    with CaptureQueriesContext(connection) as captured:
        response = staff.manager.get(reverse("reports:by-person"), {"staff_group": "Radiography"})
        assert response.status_code == 200
    return [q["sql"][:150] for q in captured.captured_queries]


def test_the_report_takes_as_many_queries_for_fifty_people_as_for_one(staff: Staff) -> None:
    from clinlead.organisations import api as organisations

    site = organisations.organisations_by_code(["ZZ103"])["ZZ103"].id
    first = make_learner("r0@northshire-th.nhs.uk", name="Rae Zero")
    organisations.record_employments([organisations.EmploymentRow(first.pk, site, "Radiographer", "Radiography")])
    record_completion(first.pk, PROGRAMME, INTEGRITY, moment(2026, 5, 1), 600, 70)
    one = _queries(staff)
    rows = []
    for n in range(1, 50):
        person = make_learner(f"r{n}@northshire-th.nhs.uk", name=f"Rae {n}")
        rows.append(organisations.EmploymentRow(person.pk, site, "Radiographer", "Radiography"))
        record_completion(person.pk, PROGRAMME, INTEGRITY, moment(2026, 5, 1), 600, 70)
    organisations.record_employments(rows)
    fifty = _queries(staff)
    page = staff.manager.get(reverse("reports:by-person"), {"staff_group": "Radiography"}).content.decode()
    assert '<dd class="nhsuk-summary-list__value">50</dd>' in page
    assert len(fifty) == len(one), [q for q in fifty if q not in one]
