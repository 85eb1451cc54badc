"""Loading the registry from a file: the sample loads into a tree; every problem is named by line and column,
and nothing is written while any remains; loading again changes nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clinlead.organisations import api
from clinlead.organisations.models import EmailDomain, Organisation

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "organisations.csv"
HEADER = "code,name,parent_code,postcode,opened_on,closed_on\n"


def load(tmp_path: Path, text: str) -> api.LoadResult:
    path = tmp_path / "orgs.csv"
    path.write_text(text, encoding="utf-8")
    return api.load_registry_file(path)


@pytest.mark.django_db
def test_the_sample_loads_as_a_tree_and_loading_it_again_changes_nothing() -> None:
    first = api.load_registry_file(SAMPLE)
    assert (first.created, first.updated) == (14, 0)
    site = Organisation.objects.get(code="ZZ102")
    trust = Organisation.objects.get(code="ZZ1")
    icb = Organisation.objects.get(code="ZZA")
    assert (site.parent, trust.parent) == (trust, icb)
    assert site.path == f"/{icb.pk}/{trust.pk}/{site.pk}/"
    assert EmailDomain.objects.get(domain="northshire-th.nhs.uk").organisation == trust
    assert api.organisation(site.pk).depth == 2  # type: ignore[union-attr]
    again = api.load_registry_file(SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 14)


@pytest.mark.django_db
def test_moving_a_trust_moves_everything_below_it(tmp_path: Path) -> None:
    api.load_registry_file(SAMPLE)
    text = SAMPLE.read_text().replace(
        "ZZ1,Northshire Teaching Hospitals NHS Foundation Trust,ZZA",
        "ZZ1,Northshire Teaching Hospitals NHS Foundation Trust,ZZB",
    )
    result = load(tmp_path, text)
    assert result.updated == 1
    southmoor = Organisation.objects.get(code="ZZB")
    site = Organisation.objects.get(code="ZZ103")
    assert site.path.startswith(southmoor.path)
    assert Organisation.objects.filter(path__startswith=southmoor.path).count() == 7


@pytest.mark.django_db
def test_every_problem_is_named_by_line_and_column_and_nothing_is_loaded(tmp_path: Path) -> None:
    text = HEADER + (
        "zz1,Trust,,AB1 2CD,20040401,\n"  # fine (lower-case code is upper-cased)
        "Z!,Bad code,,,,\n"
        "ZZ2,,ZZ1,,2004-13-01,\n"
        "ZZ3,Orphan,NOPE,,,\n"
        "ZZ1,Again,,,,\n"
    )
    with pytest.raises(api.RegistryProblems) as raised:
        load(tmp_path, text)
    messages = [str(p) for p in raised.value.problems]
    assert any(m.startswith("line 3, column code:") for m in messages)
    assert any(m.startswith("line 4, column name:") for m in messages)
    assert any(m.startswith("line 4, column opened_on:") for m in messages)
    assert any(m.startswith("line 5, column parent_code:") and "NOPE" in m for m in messages)
    assert any(m.startswith("line 6, column code:") and "line 2" in m for m in messages)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_missing_and_unknown_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(api.RegistryProblems) as raised:
        load(tmp_path, "code,name,parent,postcode\nZZ1,Trust,,\n")
    message = str(raised.value)
    assert "missing columns: parent_code, opened_on, closed_on" in message
    assert "unknown column: parent" in message


@pytest.mark.django_db
def test_a_cycle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(api.RegistryProblems, match="inside itself"):
        load(tmp_path, HEADER + "ZZ1,One,ZZ2,,,\nZZ2,Two,ZZ1,,,\n")
    api.load_registry_file(SAMPLE)
    with pytest.raises(api.RegistryProblems, match="ZZ101 is inside ZZ1"):
        load(tmp_path, HEADER + "ZZ1,Trust,ZZ101,,,\n")
    assert Organisation.objects.get(code="ZZ1").parent.code == "ZZA"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes((HEADER + "ZZ1,Caf\u00e9 Trust,,,,\n").encode("cp1252"))
    with pytest.raises(api.RegistryProblems, match="not UTF-8"):
        api.load_registry_file(path)


@pytest.mark.django_db
def test_the_command_reports_problems_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(HEADER + "ZZ1,,,,,\n")
    with pytest.raises(CommandError, match=r"orgs.csv: line 2, column name"):
        call_command("loadorganisations", str(path))
