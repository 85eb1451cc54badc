"""Who works where, written in bulk: created once, brought up to date, never duplicated; the first is primary."""

from pathlib import Path

import pytest

from clinlead.accounts.testing import make_learner
from clinlead.organisations import api
from clinlead.organisations.models import Employment

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "organisations.csv"


@pytest.mark.django_db
def test_employments_are_created_updated_and_left_alone() -> None:
    api.load_registry_file(SAMPLE)
    orgs = api.organisations_by_code(["zz101", "ZZ102", "NOPE"])
    assert set(orgs) == {"ZZ101", "ZZ102"}
    ada, ben = make_learner("ada@northshire-th.nhs.uk"), make_learner("ben@northshire-th.nhs.uk")
    rows = [
        api.EmploymentRow(ada.pk, orgs["ZZ101"].id, "Ward sister", "Nursing", "10000001-1"),
        api.EmploymentRow(ada.pk, orgs["ZZ102"].id, "Bank nurse", "Nursing", "10000001-2"),
        api.EmploymentRow(ben.pk, orgs["ZZ102"].id, "Porter", "Estates", ""),
    ]
    assert api.record_employments(rows) == api.EmploymentCounts(3, 0, 0)
    assert api.record_employments(rows) == api.EmploymentCounts(0, 0, 3)
    assert Employment.objects.get(user=ada, primary=True).organisation_id == orgs["ZZ101"].id
    assert Employment.objects.filter(primary=True).count() == 2

    promoted = [api.EmploymentRow(ben.pk, orgs["ZZ102"].id, "Head porter", "Estates", "")]
    Employment.objects.filter(user=ben).update(ended_on="2026-01-31")
    assert api.record_employments(promoted) == api.EmploymentCounts(0, 1, 0)
    again = Employment.objects.get(user=ben)
    assert (again.job_role, again.ended_on) == ("Head porter", None)
    assert api.people_by_esr_number(["10000001-2", "99999999-1", ""]) == {"10000001-2": ada.pk}


@pytest.mark.django_db
def test_scope_covers_its_subtrees() -> None:
    api.load_registry_file(SAMPLE)
    orgs = api.organisations_by_code(["ZZ1", "ZZ101", "ZZ2", "ZZA"])
    trust = api.Scope(False, (orgs["ZZ1"].path,))
    assert trust.covers(orgs["ZZ101"].path)
    assert trust.covers(orgs["ZZ1"].path)
    assert not trust.covers(orgs["ZZ2"].path)
    assert not trust.covers(orgs["ZZA"].path)
    assert api.Scope(True, ()).covers(orgs["ZZ2"].path)


@pytest.mark.django_db
def test_staff_are_chosen_by_organisation_group_and_role_within_scope_only() -> None:
    api.load_registry_file(SAMPLE)
    orgs = api.organisations_by_code(["ZZ1", "ZZ101", "ZZ102", "ZZ2", "ZZ201"])
    ada, ben, cai, dee = (make_learner(f"{n}@northshire-th.nhs.uk") for n in ("ada", "ben", "cai", "dee"))
    api.record_employments(
        [
            api.EmploymentRow(ada.pk, orgs["ZZ101"].id, "Ward sister", "Nursing"),
            api.EmploymentRow(ada.pk, orgs["ZZ102"].id, "Bank nurse", "Nursing"),
            api.EmploymentRow(ben.pk, orgs["ZZ102"].id, "Porter", "Estates"),
            api.EmploymentRow(cai.pk, orgs["ZZ201"].id, "Ward sister", "Nursing"),
            api.EmploymentRow(dee.pk, orgs["ZZ101"].id, "Staff nurse", "Nursing"),
        ]
    )
    Employment.objects.filter(user=dee).update(ended_on="2026-01-31")  # left: no longer on the staff
    trust = api.Scope(False, (orgs["ZZ1"].path,))
    assert api.staff_ids_in(trust, None) == [ada.pk, ben.pk]  # ada once, though she holds two posts
    assert api.staff_ids_in(trust, None, staff_group="Nursing") == [ada.pk]
    assert api.staff_ids_in(trust, orgs["ZZ102"].id, job_role="Porter") == [ben.pk]
    assert api.staff_ids_in(trust, orgs["ZZ102"].id, job_role="Ward sister") == []
    assert api.staff_groups_and_job_roles(trust) == (["Estates", "Nursing"], ["Bank nurse", "Porter", "Ward sister"])
    assert api.staff_ids_in(api.Scope(True, ()), None, job_role="Ward sister") == [ada.pk, cai.pk]
