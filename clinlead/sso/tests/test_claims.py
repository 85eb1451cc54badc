"""The rules that read identity providers' claims: what a person is keyed on, and who vouches for them."""

import pytest

from clinlead.sso import claims


def test_keystone_keys_on_pairwise_id_and_remembers_the_older_identifier() -> None:
    both = claims.identifiers(
        "keystone", {"sub": "changes", "pairwiseID": "p1@trust.nhs.uk", "eduPersonTargetedID": "t1"}
    )
    assert both == claims.Identifiers("pairwise:p1@trust.nhs.uk", ("targeted:t1",))
    assert claims.identifiers("keystone", {"pairwiseID": ["p1@trust.nhs.uk"]}).primary == "pairwise:p1@trust.nhs.uk"
    assert claims.identifiers("keystone", {"eduPersonTargetedID": "t1"}) == claims.Identifiers("targeted:t1")


def test_keystone_never_keys_on_sub() -> None:
    with pytest.raises(claims.NoIdentifier, match="did not send an identifier"):
        claims.identifiers("keystone", {"sub": "abc", "pairwiseID": " ", "eduPersonTargetedID": []})


def test_cis2_keys_on_the_user_id() -> None:
    assert claims.identifiers("cis2", {"sub": "x", "nhsid_useruid": "555000111222"}).primary == "uid:555000111222"
    with pytest.raises(claims.NoIdentifier):
        claims.identifiers("cis2", {"sub": "x"})
    with pytest.raises(ValueError, match="unknown single sign-on profile"):
        claims.identifiers("google", {"sub": "x"})


def test_only_members_affiliations_vouch() -> None:
    values = [
        "staff@Northshire-TH.nhs.uk",
        "member@northshire-th.nhs.uk",
        "affiliate@other.nhs.uk",
        "walk-in",
        "student@uni.ac.uk",
    ]
    assert claims.vouching_scopes(values) == ["northshire-th.nhs.uk", "uni.ac.uk"]
    assert claims.vouching_scopes("library-walk-in@trust.nhs.uk") == []
    assert claims.vouching_scopes(None) == []


def test_cis2_organisations_and_roles() -> None:
    found = {
        "nhsid_user_orgs": [
            {"org_code": "zz101", "org_name": "Site"},
            {"org_code": "ZZ101"},
            {"org_name": "no code"},
            "x",
        ],
        "nhsid_nrbac_roles": [{"org_code": "zz101", "role_code": "S8000:G8000:R8000"}, {"role_code": "R1"}],
    }
    assert claims.cis2_organisations(found) == [claims.Cis2Organisation("ZZ101", "Site")]
    assert claims.cis2_role_codes(found) == [("ZZ101", "S8000:G8000:R8000")]
    assert claims.cis2_organisations({"nhsid_user_orgs": "not a list"}) == []


def test_an_attribute_map_renames_only_the_claims_it_names() -> None:
    subject_id = "urn:oasis:names:tc:SAML:attribute:subject-id"
    attributes: dict[str, list[object]] = {
        subject_id: ["S5@trust.example"],
        "urn:oasis:names:tc:SAML:attribute:pairwise-id": ["P1@trust.example"],
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.9": ["staff@trust.example"],
    }
    assert claims.from_saml(attributes, "https://idp.example")["pairwiseID"] == "P1@trust.example"
    mapping: dict[str, object] = {"pairwiseID": subject_id, "not-a-claim": "urn:x", "email": ""}
    mapped = claims.from_saml(attributes, "https://idp.example", mapping)
    assert mapped == {
        "realmName": "https://idp.example",
        "pairwiseID": "S5@trust.example",
        "eduPersonScopedAffiliation": ["staff@trust.example"],
    }
