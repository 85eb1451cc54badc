"""What an identity provider's claims say about a person: their stable identifier, and who vouches for them.

Plain functions of the claims, so each rule is tested on its own (docs/decisions/0024).
"""

from dataclasses import dataclass

KEYSTONE, CIS2, SAML = "keystone", "cis2", "saml"
PROFILES = (KEYSTONE, CIS2)

# eduPersonScopedAffiliation values that mean the organisation vouches for the person as one of its own. Not
# "affiliate", "library-walk-in" or "alum": those people are known to it, not working or studying there.
VOUCHING_AFFILIATIONS = frozenset({"staff", "member", "student", "employee", "faculty"})


class NoIdentifier(Exception):
    """The provider released nothing we can key a person on."""


@dataclass(frozen=True)
class Identifiers:
    primary: str  # what the identity is keyed on
    others: tuple[str, ...] = ()  # the same person's other identifiers from this provider (an older kind)


def _one(value: object) -> str:
    """A claim that may come as a string or a one-item list."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def identifiers(profile: str, claims: dict[str, object]) -> Identifiers:
    """Keystone: pairwiseID if released, else eduPersonTargetedID (its `sub` changes at every sign-in).
    CIS2: nhsid_useruid."""
    if profile in (KEYSTONE, SAML):  # OpenAthens either way
        pairwise, targeted = _one(claims.get("pairwiseID")), _one(claims.get("eduPersonTargetedID"))
        if pairwise:
            return Identifiers(f"pairwise:{pairwise}", (f"targeted:{targeted}",) if targeted else ())
        if targeted:
            return Identifiers(f"targeted:{targeted}")
        raise NoIdentifier("Your organisation's OpenAthens account did not send an identifier for you.")
    if profile == CIS2:
        uid = _one(claims.get("nhsid_useruid"))
        if uid:
            return Identifiers(f"uid:{uid}")
        raise NoIdentifier("NHS Care Identity Service 2 did not send your user ID.")
    raise ValueError(f"unknown single sign-on profile {profile!r}")


def vouching_scopes(affiliations: object) -> list[str]:
    """The scopes (after the @) of the scoped affiliations that vouch for the person, lower-case, each once."""
    values = affiliations if isinstance(affiliations, list) else [affiliations] if affiliations else []
    scopes: list[str] = []
    for value in values:
        kind, at, scope = str(value).strip().lower().partition("@")
        if at and scope and kind in VOUCHING_AFFILIATIONS and scope not in scopes:
            scopes.append(scope)
    return scopes


@dataclass(frozen=True)
class Cis2Organisation:
    code: str
    name: str


def cis2_organisations(claims: dict[str, object]) -> list[Cis2Organisation]:
    """The organisations of `nhsid_user_orgs`, by ODS code (upper-case), each once."""
    found: dict[str, Cis2Organisation] = {}
    orgs = claims.get("nhsid_user_orgs")
    for org in orgs if isinstance(orgs, list) else []:
        if isinstance(org, dict) and str(org.get("org_code", "")).strip():
            code = str(org["org_code"]).strip().upper()
            found.setdefault(code, Cis2Organisation(code, str(org.get("org_name", "")).strip()))
    return list(found.values())


def cis2_role_codes(claims: dict[str, object]) -> list[tuple[str, str]]:
    """(ODS code, role code) of each national RBAC role."""
    roles = claims.get("nhsid_nrbac_roles")
    pairs = []
    for role in roles if isinstance(roles, list) else []:
        if isinstance(role, dict) and role.get("org_code") and role.get("role_code"):
            pairs.append((str(role["org_code"]).strip().upper(), str(role["role_code"]).strip()))
    return pairs


# OpenAthens' SAML attributes by URI, under the names Keystone gives the same facts, so one set of rules reads both.
SAML_ATTRIBUTES = {
    "urn:oasis:names:tc:SAML:attribute:pairwise-id": "pairwiseID",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.10": "eduPersonTargetedID",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.9": "eduPersonScopedAffiliation",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.7": "eduPersonEntitlement",
    "urn:oid:0.9.2342.19200300.100.1.3": "email",
    "urn:oid:2.5.4.42": "given_name",
    "urn:oid:2.5.4.4": "family_name",
}
_SINGLE = {"pairwiseID", "eduPersonTargetedID", "email", "given_name", "family_name"}


def _saml_value(value: object) -> str:
    """An attribute value: a string, or (eduPersonTargetedID as a SAML 2 NameID) a dict holding it."""
    if isinstance(value, dict):
        return str(value.get("value") or value.get("Value") or "").strip()
    return str(value).strip()


def saml_attribute_uris(attribute_mapping: dict[str, object] | None = None) -> dict[str, str]:
    """Each claim's attribute URI: ours (SAML_ATTRIBUTES), except where a sign-in app's attribute map names another
    for a claim (`{"pairwiseID": "urn:..."}`), for an identity provider that releases a fact under another name."""
    uris = {name: uri for uri, name in SAML_ATTRIBUTES.items()}
    for name, uri in (attribute_mapping or {}).items():
        if name in uris and isinstance(uri, str) and uri.strip():
            uris[name] = uri.strip()
    return uris


def from_saml(
    attributes: dict[str, list[object]], issuer: str, attribute_mapping: dict[str, object] | None = None
) -> dict[str, object]:
    """SAML attributes (by URI, each a list) as claims by name; `realmName` is the identity provider's entityID."""
    found: dict[str, object] = {"realmName": issuer}
    for name, uri in saml_attribute_uris(attribute_mapping).items():
        values = [v for v in (_saml_value(value) for value in attributes.get(uri) or []) if v]
        if values:
            found[name] = values[0] if name in _SINGLE else values
    return found
