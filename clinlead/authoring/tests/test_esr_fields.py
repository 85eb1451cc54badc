"""A session's ESR competence name and expiry: optional, checked with file and line, and published."""

from pathlib import Path

import pytest

from clinlead.authoring.api import check_content, load_content
from clinlead.catalogue import api as catalogue
from tests.content_fixtures import edit, line_of, write_doc_example

SESSION = "sessions/speaking-up.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write_doc_example(root)
    return root


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in check_content(root)]


def test_an_expiry_that_is_not_a_number_of_months_is_named_with_its_line(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "esr_expiry_months: 36", "esr_expiry_months: three years")
    line = line_of(path, "esr_expiry_months")
    assert problems(content) == [
        f"content/example/{SESSION}:{line}: 'esr_expiry_months' must be a whole number of at least 1, not 'three years'"
    ]


def test_an_expiry_beyond_ten_years_is_refused(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "esr_expiry_months: 36", "esr_expiry_months: 365")
    line = line_of(path, "esr_expiry_months")
    assert problems(content) == [
        f"content/example/{SESSION}:{line}: 'esr_expiry_months' is a number of months from 1 to 120, not 365"
    ]


def test_a_competence_name_longer_than_esr_takes_is_refused(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, 'esr_competence: "Leadership for Clinicians – Speaking up"', f"esr_competence: {'x' * 241}")
    line = line_of(path, "esr_competence")
    assert problems(content) == [
        f"content/example/{SESSION}:{line}: 'esr_competence' is 241 characters long: ESR takes at most 240"
    ]


@pytest.mark.django_db
def test_the_competence_and_expiry_are_published_and_absent_ones_default(content: Path) -> None:
    load_content(content)
    assert catalogue.esr_competences()[("example", "speaking-up")] == catalogue.EsrCompetence(
        "Leadership for Clinicians – Speaking up", 36
    )
    path = content / "example" / SESSION
    edit(path, 'esr_competence: "Leadership for Clinicians – Speaking up"\n', "")
    edit(path, "esr_expiry_months: 36\n", "")
    edit(path, "version: 1", "version: 2")
    load_content(content)
    assert catalogue.esr_competences()[("example", "speaking-up")] == catalogue.EsrCompetence(
        "Leadership for Clinicians – Speaking up in a team", None
    )
