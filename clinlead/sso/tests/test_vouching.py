"""Who vouches for a person at sign-in: the provider's organisation and mapped scopes (OpenAthens), ODS codes
(CIS2), and the roles an administrator mapped; recorded as posts and grants without touching what HR recorded."""

import pytest

from clinlead.accounts.testing import make_learner
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import load_sample_registry, organisation_id
from clinlead.sso import vouching
from clinlead.sso.models import IdentityProvider, RoleMapping, ScopeMapping

Kind = IdentityProvider.Kind


@pytest.fixture
def northshire() -> IdentityProvider:
    load_sample_registry()
    provider = IdentityProvider.objects.create(
        name="Northshire Teaching Hospitals",
        kind=Kind.OPENATHENS_KEYSTONE,
        entity_id="https://idp.northshire.example/entity",
        app_id="keystone",
        organisation_id=organisation_id("ZZ1"),
    )
    ScopeMapping.objects.create(
        identity_provider=provider, scope="eastvale.northshire-th.nhs.uk", organisation_id=organisation_id("ZZ102")
    )
    RoleMapping.objects.create(identity_provider=provider, value="urn:example:clinlead:manager", role="manager")
    return provider


@pytest.mark.django_db
def test_the_realm_picks_the_identity_provider(northshire: IdentityProvider) -> None:
    claims = {"realmName": "https://idp.northshire.example/entity"}
    assert vouching.identity_provider_for("keystone", "keystone", claims) == northshire
    assert vouching.identity_provider_for("keystone", "keystone", {"realmName": "https://elsewhere.example"}) is None
    northshire.active = False
    northshire.save()
    assert vouching.identity_provider_for("keystone", "keystone", claims) is None


@pytest.mark.django_db
def test_mapped_scopes_vouch_for_their_organisation_and_unmapped_ones_for_the_providers(
    northshire: IdentityProvider,
) -> None:
    mapped = vouching.vouched_by(
        northshire, "keystone", {"eduPersonScopedAffiliation": ["staff@eastvale.northshire-th.nhs.uk"]}
    )
    assert mapped.organisation_ids == (organisation_id("ZZ102"),)
    unmapped = vouching.vouched_by(
        northshire, "keystone", {"eduPersonScopedAffiliation": ["member@northshire-th.nhs.uk"]}
    )
    assert unmapped.organisation_ids == (organisation_id("ZZ1"),)
    walk_in = vouching.vouched_by(
        northshire, "keystone", {"eduPersonScopedAffiliation": ["library-walk-in@northshire-th.nhs.uk"]}
    )
    assert walk_in.organisation_ids == ()


@pytest.mark.django_db
def test_entitlements_grant_mapped_roles_at_the_providers_organisation(northshire: IdentityProvider) -> None:
    found = {
        "eduPersonScopedAffiliation": "staff@northshire-th.nhs.uk",
        "eduPersonEntitlement": ["urn:example:clinlead:manager", "urn:other"],
    }
    vouched = vouching.vouched_by(northshire, "keystone", found)
    assert vouched.roles == (("manager", organisation_id("ZZ1")),)
    ada = make_learner("ada@example.com")
    vouching.record(ada.pk, vouched)
    vouching.record(ada.pk, vouched)  # a second sign-in changes nothing
    assert organisations.can(ada.pk, organisations.Action.VIEW_PEOPLE, organisation_id("ZZ101"))  # inherited below
    assert not organisations.can(ada.pk, organisations.Action.VIEW_PEOPLE, organisation_id("ZZ2"))
    assert organisations.free_access_by_employment(ada.pk)


@pytest.mark.django_db
def test_cis2_codes_make_posts_and_leave_hrs_details_alone() -> None:
    load_sample_registry()
    cis2 = IdentityProvider.objects.create(name="NHS CIS2", kind=Kind.CIS2, app_id="cis2")
    RoleMapping.objects.create(identity_provider=cis2, value="S8000:G8000:R8000", role="manager")
    ada = make_learner("ada@example.com")
    organisations.record_employments(
        [organisations.EmploymentRow(ada.pk, organisation_id("ZZ101"), "Ward sister", "Nursing", "1-1")]
    )
    found = {
        "nhsid_user_orgs": [{"org_code": "ZZ101"}, {"org_code": "ZZ201"}, {"org_code": "NOT-IN-REGISTRY"}],
        "nhsid_nrbac_roles": [
            {"org_code": "ZZ201", "role_code": "S8000:G8000:R8000"},
            {"org_code": "ZZ101", "role_code": "R1"},
        ],
    }
    vouched = vouching.vouched_by(cis2, "cis2", found)
    assert vouched.organisation_ids == tuple(sorted((organisation_id("ZZ101"), organisation_id("ZZ201"))))
    assert vouched.roles == (("manager", organisation_id("ZZ201")),)
    vouching.record(ada.pk, vouched)
    _, posts = organisations.staff_in(organisations.Scope(everywhere=True, paths=()))
    mine = {(p.organisation_code, p.job_role, p.esr_assignment_number, p.primary) for p in posts if p.user_id == ada.pk}
    assert mine == {("ZZ101", "Ward sister", "1-1", True), ("ZZ201", "", "", False)}


@pytest.mark.django_db
def test_a_post_a_sign_in_made_ends_when_the_provider_stops_vouching(northshire: IdentityProvider) -> None:
    ada = make_learner("ada@example.com")
    staff = {"eduPersonScopedAffiliation": ["staff@northshire-th.nhs.uk"]}
    vouching.record(ada.pk, vouching.vouched_by(northshire, "keystone", staff), northshire)
    assert organisations.free_access_by_employment(ada.pk)
    walk_in = {"eduPersonScopedAffiliation": ["library-walk-in@northshire-th.nhs.uk"]}
    vouching.record(ada.pk, vouching.vouched_by(northshire, "keystone", walk_in), northshire)
    assert organisations.free_access_by_employment(ada.pk) is None
    assert organisations.current_organisations_of([ada.pk]).get(ada.pk, []) == []


@pytest.mark.django_db
def test_a_post_a_staff_list_gave_details_is_the_lists_to_end(northshire: IdentityProvider) -> None:
    ada = make_learner("ada@example.com")
    staff = {"eduPersonScopedAffiliation": ["staff@northshire-th.nhs.uk"]}
    vouching.record(ada.pk, vouching.vouched_by(northshire, "keystone", staff), northshire)
    trust = organisation_id("ZZ1")
    organisations.record_employments([organisations.EmploymentRow(ada.pk, trust, "Ward sister", "Nursing", "9-1")])
    vouching.record(ada.pk, vouching.vouched_by(northshire, "keystone", {}), northshire)
    assert [code for code, _ in organisations.current_organisations_of([ada.pk])[ada.pk]] == ["ZZ1"]
