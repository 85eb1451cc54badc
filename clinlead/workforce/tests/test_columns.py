"""Headers are matched whatever their case, spacing, underscores or hyphens, and by the names HR systems use."""

import pytest

from clinlead.workforce.columns import match_columns
from clinlead.workforce.data import StaffFileRefused

STANDARD = [
    "email",
    "first name",
    "last name",
    "ESR number",
    "job role",
    "staff group",
    "profession",
    "organisation code",
]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("E-mail", "email"),
        ("Work Email Address", "email"),
        ("first_name", "first_name"),
        ("Forename", "first_name"),
        ("  Last   Name ", "last_name"),
        ("Surname", "last_name"),
        ("ESR Assignment Number", "esr_number"),
        ("Assignment No.", None),  # not one we know: refused, named
        ("Employee Number", "esr_number"),
        ("Job_Title", "job_role"),
        ("Position Title", "job_role"),
        ("STAFF-GROUP", "staff_group"),
        ("Occupation", "profession"),
        ("Organisation Code", "organisation_code"),
        ("Organization code", "organisation_code"),
        ("ODS Code", "organisation_code"),
        ("Due date (DD/MM/YYYY)", "due_date"),
        ("Session keys", "sessions"),
        ("Pathway modules", "modules"),
        ("Programme", "programme"),
    ],
)
def test_a_header_is_known_by_its_common_spellings(header: str, field: str | None) -> None:
    standard = {
        "email": 0, "first_name": 1, "last_name": 2, "esr_number": 3, "job_role": 4, "staff_group": 5,
        "profession": 6, "organisation_code": 7,
    }  # fmt: skip
    headers: list[object] = [h for h, name in zip(STANDARD, standard, strict=True) if name != field]
    headers.append(header)
    if field is None:
        with pytest.raises(StaffFileRefused, match=f"a column we do not use: “{header}”"):
            match_columns(headers)
        return
    columns = match_columns(headers)
    assert columns.index[field] == len(headers) - 1
    assert columns.header[field] == header.strip()


def test_empty_columns_after_the_last_are_ignored_and_an_empty_one_between_is_named() -> None:
    assert match_columns([*STANDARD, None, "", "  "]).width == 8
    with pytest.raises(StaffFileRefused, match="a column we do not use: a column with no name"):
        match_columns([*STANDARD[:3], "", *STANDARD[3:]])
