"""A manager's staff list from upload to saved, through the background tasks: checked with its problems shown,
corrected, committed all or nothing, people invited once; nobody else sees the upload or the people."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from clinlead.accounts.testing import make_learner
from clinlead.learning import api as learning
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, load_sample_registry
from clinlead.tasks.testing import wait_for
from clinlead.workforce.models import StaffUpload

SAMPLE = (Path(__file__).resolve().parents[3] / "samples" / "staff.csv").read_bytes()
# The sample list without its one row at ZZ201, which is outside a ZZ1 manager's trust.
CORRECTED = b"".join(line for line in SAMPLE.splitlines(keepends=True) if b",ZZ201," not in line)


def _upload(client: Client, content: bytes, name: str = "staff.csv") -> StaffUpload:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("workforce:upload"), {"staff_list": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = StaffUpload.objects.latest("pk")
    wait_for(upload.check_task_id, timeout=60)
    upload.refresh_from_db()
    return upload


def _commit(client: Client, upload: StaffUpload) -> StaffUpload:
    client.post(reverse("workforce:commit", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.commit_task_id, "the commit did not start"
    wait_for(upload.commit_task_id, timeout=120)
    upload.refresh_from_db()
    return upload


def _manager(email: str, code: str) -> Client:
    person = make_learner(email, name="Morgan Manager", profession="other")
    grant(person.pk, "manager", code)
    client = Client()
    client.force_login(person)
    return client


def test_a_list_is_checked_corrected_committed_and_invited_once(task_backend: str, loaded_starter: Any) -> None:
    load_sample_registry()
    manager = _manager("manager@northshire-th.nhs.uk", "ZZ1")

    first = _upload(manager, SAMPLE)
    page = manager.get(reverse("workforce:upload-status", args=[first.pk])).content.decode()
    assert first.state == "checked"
    assert first.summary["errors"] == 1
    assert "Problems found" in page
    assert "organisation code" in page
    assert "ZZ201" in page
    assert "Save " not in page  # no commit button while there are errors
    manager.post(reverse("workforce:commit", args=[first.pk]))
    first.refresh_from_db()
    assert first.state == "checked"
    assert not first.commit_task_id

    corrected = _commit(manager, _upload(manager, CORRECTED))
    assert corrected.state == "committed", corrected.problems
    assert corrected.result["people"] == 7
    assert corrected.result["new_people"] == 7
    assert len(mail.outbox) == 7
    assert all("/accounts/invitation/" in m.body for m in mail.outbox)
    amara = organisations.people_by_esr_number(["20000001-01"])["20000001-01"]
    assigned = learning.assignments(amara)
    assert assigned
    assert {a.due_on for a in assigned} == {datetime.date(2027, 3, 31)}

    staff = manager.get(reverse("workforce:staff")).content.decode()
    assert "Amara Okafor" in staff
    assert "amara.okafor@northshire-th.example" in staff
    assert "Invited" in staff

    again = _commit(manager, _upload(manager, CORRECTED))  # the same file again changes nothing
    assert again.result["new_people"] == 0
    assert again.result["employments_created"] == 0
    assert again.result["assigned"] == 0
    assert len(mail.outbox) == 7

    outsider = _manager("manager@southmoor.nhs.uk", "ZZ3")
    for name in ("workforce:upload-status", "workforce:commit"):
        assert outsider.get(reverse(name, args=[corrected.pk])).status_code in (404, 405)
    assert outsider.post(reverse("workforce:commit", args=[corrected.pk])).status_code == 404
    assert "Amara" not in outsider.get(reverse("workforce:staff")).content.decode()


def test_a_licensed_organisation_short_of_seats_saves_nothing(tasks_in_process: None, loaded_starter: Any) -> None:
    load_sample_registry()
    programme = "leadership-for-clinicians"
    organisations.save_licence(
        organisation_code="L-ELMS",
        programme_keys=[programme],
        seats=2,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2099, 12, 31),
    )
    manager = _manager("manager@elms-care.example", "L-ELMS")
    header = b"email,first name,last name,ESR number,job role,staff group,profession,organisation code,modules\n"
    rows = b"".join(
        b"carer%d@elms-care.example,Carer,Number %d,,Care assistant,Care,Other,L-ELMS,knowing-yourself\n" % (n, n)
        for n in range(3)
    )
    short = _commit(manager, _upload(manager, header + rows))
    assert short.state == "checked"
    assert "Only 2 seats left" in short.problems[0][2]
    assert organisations.staff_ids_in(organisations.Scope(True, ()), None) == []  # nobody registered
    assert mail.outbox == []
    page = manager.get(reverse("workforce:upload-status", args=[short.pk])).content.decode()
    assert "Only 2 seats left" in page

    two = _commit(manager, _upload(manager, header + rows.splitlines(keepends=True)[0] + rows.splitlines(True)[1]))
    assert two.state == "committed"
    assert two.result["seats_taken"] == 2


@pytest.mark.django_db
def test_someone_who_manages_nobody_is_told_so(client: Client) -> None:
    client.force_login(make_learner("nurse@nhs.net"))
    for name in ("workforce:staff", "workforce:upload", "workforce:enrol"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "manage" in response.content.decode().lower()


@pytest.mark.django_db
def test_the_staff_download_holds_only_their_people_with_formulas_made_inert() -> None:
    load_sample_registry()
    orgs = organisations.organisations_by_code(["ZZ101", "ZZ201"])
    ours = make_learner("ours@northshire-th.nhs.uk", name="Ada Ours")
    theirs = make_learner("theirs@northshire-cmh.nhs.uk", name="Bo Theirs")
    organisations.record_employments(
        [
            organisations.EmploymentRow(ours.pk, orgs["ZZ101"].id, "=HYPERLINK(1)", "@SUM(A1)", "+44-1"),
            organisations.EmploymentRow(theirs.pk, orgs["ZZ201"].id, "Nurse", "Nursing"),
        ]
    )
    manager = _manager("manager@northshire-th.nhs.uk", "ZZ1")
    response = manager.get(reverse("workforce:export"))
    assert response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert text.splitlines()[0].startswith("email,name,organisation code")
    assert "ours@northshire-th.nhs.uk,Ada Ours,ZZ101" in text
    assert "'=HYPERLINK(1),'@SUM(A1),'+44-1" in text
    assert "theirs@" not in text
    assert manager.get(reverse("workforce:export"), {"organisation": orgs["ZZ201"].id}).status_code == 404
