"""Test users of the SAML identity provider, and the attribute names an OpenAthens-like IdP releases."""

from dataclasses import dataclass, field

# Attributes are named by URI and sent with this NameFormat, as OpenAthens and the UK federation do.
NAME_FORMAT_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

PAIRWISE_ID = "urn:oasis:names:tc:SAML:attribute:pairwise-id"
SUBJECT_ID = "urn:oasis:names:tc:SAML:attribute:subject-id"
EDU_PERSON_TARGETED_ID = "urn:oid:1.3.6.1.4.1.5923.1.1.1.10"
EDU_PERSON_SCOPED_AFFILIATION = "urn:oid:1.3.6.1.4.1.5923.1.1.1.9"
EDU_PERSON_ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"
MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
GIVEN_NAME = "urn:oid:2.5.4.42"
SURNAME = "urn:oid:2.5.4.4"

# The fictional NHS trust whose staff sign in through the test IdP: the scope of scoped values.
TRUST_SCOPE = "northshire-th.nhs.uk"


@dataclass(frozen=True)
class SamlUser:
    """One account at the IdP. attributes maps an attribute URI (e.g. PAIRWISE_ID) to its values."""

    login: str
    password: str
    attributes: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A friendly name ("mail") would be renamed by pysaml2's attribute maps, and an SP matching on URIs
        # would then miss it: refuse it here rather than send something the test did not ask for.
        for name in self.attributes:
            if not name.startswith("urn:"):
                raise ValueError(
                    f"SamlUser {self.login!r}: attribute {name!r} is not a URI (urn:oid:..., urn:oasis:...)"
                )


def _common_attributes(given_name: str, surname: str) -> dict[str, list[str]]:
    return {
        EDU_PERSON_SCOPED_AFFILIATION: [f"staff@{TRUST_SCOPE}", f"member@{TRUST_SCOPE}"],
        EDU_PERSON_ENTITLEMENT: ["urn:mace:dir:entitlement:common-lib-terms", "https://clinlead.example/learner"],
        MAIL: [f"{given_name.lower()}.{surname.lower()}@{TRUST_SCOPE}"],
        GIVEN_NAME: [given_name],
        SURNAME: [surname],
    }


def standard_test_users() -> list[SamlUser]:
    """The standard set: one user with pairwise-id only, one with eduPersonTargetedID only, one with both.

    OpenAthens releases either identifier depending on the resource's configuration; an SP must cope with
    each, and must prefer one consistently when both come.
    """
    return [
        SamlUser(
            login="pairwise.only",
            password="pairwise-password",
            attributes={PAIRWISE_ID: [f"p7d3k2q9@{TRUST_SCOPE}"], **_common_attributes("Priya", "Shah")},
        ),
        SamlUser(
            login="targeted.only",
            password="targeted-password",
            attributes={EDU_PERSON_TARGETED_ID: ["t0a8c4e19b2f"], **_common_attributes("Tom", "Evans")},
        ),
        SamlUser(
            login="both.ids",
            password="both-password",
            attributes={
                PAIRWISE_ID: [f"b5x1m8r3@{TRUST_SCOPE}"],
                EDU_PERSON_TARGETED_ID: ["b9f27d6a3e10"],
                **_common_attributes("Bola", "Adeyemi"),
            },
        ),
    ]
