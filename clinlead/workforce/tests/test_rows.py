"""Every problem of a row is named by its row (as the spreadsheet numbers it) and column; good rows come back
checked, with the existing accounts they match."""

import datetime
import io
from pathlib import Path

import pytest

from clinlead.accounts.testing import make_learner
from clinlead.authoring import api as authoring
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, organisation_id
from clinlead.workforce.data import Limits, Preview, Severity
from clinlead.workforce.staff_file import preview_staff_file

from .files import HEADER, SAMPLE_STAFF, csv_file, person, xlsx_file

TODAY = datetime.date(2026, 12, 3)


def preview(content: bytes, manager_id: int, **limits: int) -> Preview:
    return preview_staff_file(io.BytesIO(content), manager_id, today=TODAY, limits=Limits(**limits))


def problems(found: Preview) -> set[tuple[int, str, str, str]]:
    return {(p.row, p.column, p.message, p.severity.value) for p in found.problems}


def test_a_good_list_comes_back_checked_and_can_be_committed(manager_id: int) -> None:
    found = preview(csv_file([person(1), person(2, "ZZ102", profession="ahp-physiotherapist")]), manager_id)
    assert found.problems == []
    assert found.can_commit
    first, second = found.rows
    assert (first.row, first.email, first.first_name, first.esr_number) == (
        2,
        "person1@staff.example",
        "Alex1",
        "10000001-01",
    )
    assert (first.profession, first.organisation_code, first.user_id) == ("nurse", "ZZ101", None)
    assert first.organisation_id == organisation_id("ZZ101")
    assert first.organisation_name == "Northshire Royal Infirmary"
    assert (second.row, second.profession, second.organisation_code) == (3, "ahp-physiotherapist", "ZZ102")
    summary = found.summary
    assert (summary.rows, summary.new_people, summary.existing_people, summary.errors, summary.warnings) == (
        2,
        2,
        0,
        0,
        0,
    )
    assert summary.organisations == {"ZZ101": 1, "ZZ102": 1}
    assert summary.file_kind == "CSV"


def test_professions_are_known_by_key_label_or_the_allied_health_profession_alone(manager_id: int) -> None:
    rows = [
        person(1, profession="NURSE"),
        person(2, profession="Practitioner psychologist"),
        person(3, profession="physiotherapist"),
        person(4, profession="Allied health professional: podiatrist"),
        person(5, profession="Astronaut"),
    ]
    found = preview(csv_file(rows), manager_id)
    assert [r.profession for r in found.rows] == ["nurse", "psychologist", "ahp-physiotherapist", "ahp-podiatrist"]
    ((row, column, message, severity),) = problems(found)
    assert (row, column, severity) == (6, "profession", "error")
    assert message.startswith("“Astronaut” is not a profession we know")


def test_bad_addresses_blanks_and_lengths_are_named(manager_id: int) -> None:
    rows = [
        person(1, email="not-an-address"),
        person(2, email=""),
        person(3, **{"job role": "", "staff group": "", "profession": "", "organisation code": ""}),
        person(4, **{"job role": "j" * 151}),
        person(5, **{"ESR number": ""}),  # a GP practice or care home has no ESR number
    ]
    found = preview(csv_file(rows), manager_id)
    assert problems(found) == {
        (2, "email", "“not-an-address” is not an email address (like name@nhs.net).", "error"),
        (3, "email", "Email is blank.", "error"),
        (4, "job role", "Job role is blank.", "error"),
        (4, "staff group", "Staff group is blank.", "error"),
        (4, "profession", "Profession is blank.", "error"),
        (4, "organisation code", "Organisation code is blank.", "error"),
        (5, "job role", "This has 151 characters; at most 150 fit.", "error"),
    }
    assert [r.row for r in found.rows] == [6]
    assert not found.can_commit
    assert found.summary.rows_with_errors == 4


def test_names_follow_the_rule_for_names(manager_id: int) -> None:
    rows = [
        person(1, **{"first name": ""}),
        person(2, **{"last name": "Smith\u202e"}),
        person(3, **{"first name": "A" * 100, "last name": "B" * 60}),
        person(4, **{"first name": "  Zoë  ", "last name": "Ní  Bhriain"}),
        person(5, **{"first name": "Mary  Ann", "last name": "O'Neill-Smith"}),  # plain, but with two spaces
        person(6, **{"first name": "Jo", "last name": "Smith\u00a0Jones"}),  # a no-break space
    ]
    found = preview(csv_file(rows), manager_id)
    messages = {(p.row, p.column): p.message for p in found.problems}
    assert messages[2, "first name"] == "First name is blank."
    assert messages[3, "last name"].startswith("Last name cannot contain the right-to-left override character U+202E")
    assert messages[4, "last name"] == (
        "The first and last name together can be at most 150 characters; these have 161."
    )
    assert [(r.first_name, r.last_name) for r in found.rows] == [
        ("Zoë", "Ní Bhriain"),
        ("Mary Ann", "O'Neill-Smith"),
        ("Jo", "Smith Jones"),
    ]


def test_unknown_organisations_and_those_outside_the_managers_tree_are_refused(manager_id: int) -> None:
    rows = [person(1, "zz101"), person(2, "ZZ999"), person(3, "ZZ201"), person(4, "ZZA"), person(5, "ZZ1")]
    found = preview(csv_file(rows), manager_id)
    assert problems(found) == {
        (3, "organisation code", "There is no organisation with the code ZZ999.", "error"),
        (
            4,
            "organisation code",
            "Riverside Mental Health Unit (ZZ201) is not one of the organisations you may register people at.",
            "error",
        ),
        (
            5,
            "organisation code",
            "Northshire Integrated Care Board (ZZA) is not one of the organisations you may register people at.",
            "error",
        ),
    }
    assert [(r.row, r.organisation_code) for r in found.rows] == [(2, "ZZ101"), (6, "ZZ1")]


def test_a_learner_at_the_trust_may_register_nobody(manager_id: int) -> None:
    learner = make_learner("learner@northshire-th.nhs.uk")
    grant(learner.pk, "learner", "ZZ1")
    found = preview(csv_file([person(1)]), learner.pk)
    assert [p.column for p in found.problems] == ["organisation code"]


def test_the_second_of_two_rows_with_the_same_address_or_esr_number_names_the_first(manager_id: int) -> None:
    rows = [person(n) for n in range(1, 6)]
    rows.append(person(3, **{"ESR number": "77777777-01"}))  # row 7: row 4's address again, in another chunk
    rows.append(person(8, **{"ESR number": "10000002-01"}))  # row 8: row 3's ESR number
    rows.append(person(9, email="PERSON1@Staff.Example", **{"ESR number": "99"}))  # row 9: case does not matter
    found = preview(csv_file(rows), manager_id, chunk_rows=3)
    assert problems(found) == {
        (7, "email", "person3@staff.example is on row 4 already.", "error"),
        (8, "ESR number", "ESR number 10000002-01 is on row 3 already.", "error"),
        (9, "email", "person1@staff.example is on row 2 already.", "error"),
    }


def test_existing_people_are_matched_by_address_then_by_esr_number(manager_id: int) -> None:
    ada = make_learner("Ada@Staff.Example")  # matched by address, whatever its case
    ben = make_learner("ben.old@elsewhere.example")  # matched by ESR number: his address has changed
    cat = make_learner("cat@staff.example")
    orgs = organisations.organisations_by_code(["ZZ102", "ZZ3"])
    organisations.record_employments(
        [
            organisations.EmploymentRow(ben.pk, orgs["ZZ102"].id, "Porter", "Estates", "55555555-01"),
            organisations.EmploymentRow(cat.pk, orgs["ZZ3"].id, "Nurse", "Nursing", "66666666-01"),
        ]
    )
    rows = [
        person(1, email="ada@staff.example"),
        person(2, "ZZ102", email="ben@staff.example", **{"ESR number": "55555555-01"}),
        person(3, email="cat@staff.example", **{"ESR number": "55555555-01"}),  # Ben's number on Cat's row
        person(4, email="dan@staff.example", **{"ESR number": "66666666-01"}),  # Cat's number at another trust
        person(5, "ZZ102", email="ada.new@staff.example", **{"ESR number": "55555555-01"}),  # Ben again, by number
    ]
    found = preview(csv_file(rows), manager_id)
    assert {r.row: r.user_id for r in found.rows} == {2: ada.pk, 3: ben.pk}
    assert problems(found) == {
        (
            3,
            "ESR number",
            "ESR number 55555555-01 belongs to a person registered with another email address: this row will "
            "update that person, whose address stays as it is.",
            "warning",
        ),
        (4, "ESR number", "ESR number 55555555-01 is held by someone else already.", "error"),
        (4, "ESR number", "ESR number 55555555-01 is on row 3 already.", "error"),
        (
            4,
            "email",
            "cat@staff.example works at Southmoor University Hospitals NHS Trust (ZZ3) already; this adds a post "
            "at ZZ101.",
            "warning",
        ),
        (
            5,
            "ESR number",
            "ESR number 66666666-01 belongs to a post at ZZ3 already; each post has its own number.",
            "error",
        ),
        (6, "ESR number", "ESR number 55555555-01 is on row 3 already.", "error"),
        (
            6,
            "ESR number",
            "ESR number 55555555-01 belongs to a person registered with another email address: this row will "
            "update that person, whose address stays as it is.",
            "warning",
        ),
        (
            6,
            "ESR number",
            "This is the person on row 3 (matched by address or ESR number); list each person once.",
            "error",
        ),
    }
    assert (found.summary.new_people, found.summary.existing_people, found.summary.warnings) == (0, 2, 3)


def test_a_person_already_working_at_the_same_organisation_is_no_warning(manager_id: int) -> None:
    ada = make_learner("person1@staff.example")
    organisations.record_employments([organisations.EmploymentRow(ada.pk, organisation_id("ZZ101"), "Nurse")])
    found = preview(csv_file([person(1)]), manager_id)
    assert found.problems == []
    assert found.rows[0].user_id == ada.pk


def test_headers_are_matched_whatever_their_case_spacing_and_common_names(manager_id: int) -> None:
    header = [
        "Email Address",
        "FORENAME",
        "Surname",
        "Assignment_Number",
        "Job Title",
        "staff_group",
        "Profession ",
        "ODS code",
    ]
    content = f"{','.join(header)}\r\nada@staff.example,Ada,Lovelace,123,Matron,Nursing,Nurse,ZZ101\r\n"
    found = preview(content.encode(), manager_id)
    assert found.problems == []
    assert (found.rows[0].first_name, found.rows[0].esr_number) == ("Ada", "123")
    bad = preview(content.replace("Ada,Lovelace", "Ada,").encode(), manager_id)
    assert [(p.row, p.column) for p in bad.problems] == [(2, "Surname")]  # named as the file names it


def test_a_byte_order_mark_and_blank_lines_change_nothing(manager_id: int) -> None:
    content = csv_file([person(1), {}, person(2)], encoding="utf-8-sig")
    assert content.startswith(b"\xef\xbb\xbf")
    found = preview(content + b",,,,,,,\r\n\r\n", manager_id)
    assert found.problems == []
    assert [r.row for r in found.rows] == [2, 4]
    assert found.summary.rows == 2


def test_a_cell_over_several_lines_is_one_row(manager_id: int) -> None:
    found = preview(csv_file([person(1, **{"job role": "Matron,\nnights"}), person(2, email="bad")]), manager_id)
    assert found.rows[0].job_role == "Matron,\nnights"
    assert [p.row for p in found.problems] == [3]


def test_an_xlsx_is_read_with_its_numbers_and_dates(manager_id: int, loaded_example: Path) -> None:
    header = [*HEADER, "sessions", "due date"]
    rows: list[list[object]] = [
        [
            "ada@staff.example",
            "Ada",
            "Lovelace",
            12345678,
            "Matron",
            "Nursing",
            "Nurse",
            "ZZ101",
            "speaking-up",
            datetime.datetime(2027, 1, 31),
        ],
        [None] * 10,
        ["ben@staff.example", "Ben", "Jones", 7.0, "Porter", "Estates", "Other", "ZZ102", None, None],
        ["bad", "Cy", "Lee", 1.5, "Porter", "Estates", "Other", "ZZ102", None, datetime.date(2026, 1, 1)],
    ]
    found = preview(xlsx_file(rows, header), manager_id)
    ada, ben = found.rows
    assert (ada.row, ada.esr_number, ada.session_keys, ada.due_on) == (
        2,
        "12345678",
        ("speaking-up",),
        datetime.date(2027, 1, 31),
    )
    assert (ben.row, ben.esr_number, ben.due_on) == (4, "7", None)
    assert problems(found) == {
        (5, "email", "“bad” is not an email address (like name@nhs.net).", "error"),
        (5, "due date", "The due date 01/01/2026 has passed.", "error"),
    }
    assert found.summary.file_kind == "XLSX"


def test_sessions_and_modules_are_expanded_and_checked(manager_id: int, loaded_example: Path) -> None:
    header = [*HEADER, "Sessions", "Modules", "Due date"]
    rows = [
        person(1, Sessions="speaking-up", **{"Due date": "31/01/2027"}),
        person(2, Modules="Voice; by-domain/working-with-others", **{"Due date": "2027-02-28"}),
        person(3, Sessions="speaking-up;no-such-session", Modules="no-such-module"),
        person(4, Sessions="speaking-up", **{"Due date": "31/02/2027"}),
        person(5, Sessions="speaking-up", **{"Due date": "02/12/2026"}),
        person(6, **{"Due date": "03/12/2026"}),
    ]
    found = preview(csv_file(rows, header), manager_id)
    assert [(r.row, r.programme_key, r.session_keys, r.due_on) for r in found.rows] == [
        (2, "example", ("speaking-up",), datetime.date(2027, 1, 31)),
        (3, "example", ("speaking-up",), datetime.date(2027, 2, 28)),
        (7, "", (), TODAY),
    ]
    assert problems(found) == {
        (4, "Sessions", "There is no session “no-such-session” in example.", "error"),
        (4, "Modules", "There is no module “no-such-module” in example.", "error"),
        (5, "Due date", "“31/02/2027” is not a date. Write it as 31/01/2027 or 2027-01-31.", "error"),
        (6, "Due date", "The due date 02/12/2026 has passed.", "error"),
        (7, "Due date", "A due date with no sessions or modules: there is nothing to be due.", "warning"),
    }
    assert found.summary.enrolments == 2


def test_with_several_programmes_a_row_with_sessions_names_its_programme(
    manager_id: int, loaded_example: Path, loaded_starter: Path
) -> None:
    header = [*HEADER, "Programme", "Sessions"]
    rows = [
        person(1, Programme="example", Sessions="speaking-up"),
        person(2, Programme="", Sessions="speaking-up"),
        person(3, Programme="nope", Sessions="speaking-up"),
        person(4, Programme="leadership-for-clinicians", Sessions="speaking-up"),
    ]
    found = preview(csv_file(rows, header), manager_id)
    assert problems(found) == {
        (3, "Programme", "There is more than one programme: add a programme column naming the programme.", "error"),
        (4, "Programme", "There is no programme “nope”.", "error"),
        (5, "Sessions", "There is no session “speaking-up” in leadership-for-clinicians.", "error"),
    }


def test_the_sample_staff_list_is_clean_for_a_manager_of_the_icb(loaded_starter: Path, manager_id: int) -> None:
    icb_manager = make_learner("icb.manager@northshire.example")
    grant(icb_manager.pk, "manager", "ZZA")
    found = preview(SAMPLE_STAFF.read_bytes(), icb_manager.pk)
    assert found.problems == []
    assert found.summary.rows == len(found.rows) == 8
    assert found.rows[0].session_keys  # a module, expanded to its sessions
    # The trust's own manager may not register the mental health trust's nurse.
    trust = preview(SAMPLE_STAFF.read_bytes(), manager_id)
    assert [(p.row, p.column) for p in trust.errors] == [(8, "organisation code")]


@pytest.mark.parametrize("severity", list(Severity))
def test_warnings_alone_do_not_stop_a_commit(severity: Severity) -> None:
    from clinlead.workforce.data import Problem, Summary

    found = Preview([], [Problem(2, "email", "x", severity)], Summary(1, 0, 0, 0, 0))
    assert not found.can_commit  # nobody to commit
    assert bool(found.warnings) == (severity == Severity.WARNING)


def test_a_row_wider_than_the_header_is_named(manager_id: int) -> None:
    content = csv_file([person(1)]) + b"ada@staff.example,Ada,Smith, Jr,1,Matron,Nursing,Nurse,ZZ101\r\n"
    found = preview(content + csv_file([person(3)])[len(csv_file([])) :] + b",,,,,,,,,,\r\n", manager_id)
    assert [(p.row, p.column, p.message) for p in found.errors] == [
        (
            3,
            "",
            "This row has values in 9 columns but the header names 8: put a value that contains a comma in double "
            "quotes, or remove what is beyond the last column.",
        )
    ]
    assert [r.row for r in found.rows] == [2, 4]


def test_a_retired_session_is_named_as_no_longer_offered(manager_id: int, loaded_example: Path) -> None:
    programme = loaded_example / "example"
    old = programme / "sessions" / "speaking-up.md"
    (programme / "sessions" / "listening.md").write_text(
        old.read_text(encoding="utf-8").replace("key: speaking-up", "key: listening", 1), encoding="utf-8"
    )
    old.unlink()
    for page in programme.rglob("*.md"):  # the pathways list it, and pages link to it
        text = page.read_text(encoding="utf-8")
        page.write_text(
            text.replace("- speaking-up", "- listening").replace("session:speaking-up", "session:listening"),
            encoding="utf-8",
        )
    authoring.load_content(loaded_example)
    header = [*HEADER, "sessions", "modules"]
    rows = [person(1, sessions="speaking-up"), person(2, sessions="listening", modules="voice")]
    found = preview(csv_file(rows, header), manager_id)
    assert problems(found) == {(2, "sessions", "The session “speaking-up” is no longer offered.", "error")}
    assert [(r.row, r.session_keys) for r in found.rows] == [(3, ("listening",))]
