"""The modules managers assign and reports group by: the first pathway's groups, read in one place."""

from pathlib import Path

import pytest

from clinlead.catalogue import api as catalogue

pytestmark = pytest.mark.django_db


def test_the_first_pathways_groups_are_its_modules_in_order(loaded_starter: Path) -> None:
    programme = catalogue.list_programmes()[0]
    first = catalogue.programme_overview(programme.key).pathways[0]
    expected = catalogue.pathway(programme.key, first.key).groups
    groups = catalogue.first_pathway_groups(programme.key)
    assert groups == expected
    assert len(groups) == 7  # the seven module themes of Leadership for Clinicians
    assert all(group.sessions for group in groups)


def test_no_programme_has_no_modules(loaded_starter: Path) -> None:
    assert catalogue.first_pathway_groups("no-such-programme") == ()
