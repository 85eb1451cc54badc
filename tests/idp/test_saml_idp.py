"""The test SAML IdP (pysaml2) against a python3-saml SP, the library under django-allauth's SAML provider.

No Django, no database: the SP is python3-saml configured here, and the browser is a requests.Session.
"""

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import xmlsec
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from tests.idp.saml.users import EDU_PERSON_SCOPED_AFFILIATION, EDU_PERSON_TARGETED_ID, PAIRWISE_ID, TRUST_SCOPE
from tests.idp.saml_idp import (
    KeyPair,
    RunningSamlIdp,
    SamlSignInRefused,
    generate_key_pair,
    sign_in,
    sign_in_by_post,
    standard_test_users,
    start_saml_idp,
)
from tests.idp.saml_sp import (
    ACS_URL,
    PERSISTENT,
    SLS_URL,
    SP_BASE,
    TRANSIENT,
    PythonSamlSp,
    decoded_response,
    query_fields,
    with_response,
)

USERS = {user.login: user for user in standard_test_users()}
BOTH = USERS["both.ids"]
StartIdp = Callable[..., RunningSamlIdp]


@pytest.fixture(scope="module")
def sp_keys() -> KeyPair:
    return generate_key_pair("clinlead test SP")


@pytest.fixture
def start_idp() -> Iterator[StartIdp]:
    """Starts an IdP trusting the given SP, and gives the SP the IdP's metadata as served."""
    running: list[RunningSamlIdp] = []

    def start(sp: PythonSamlSp, **options: Any) -> RunningSamlIdp:
        idp = start_saml_idp(sp.metadata_xml(), standard_test_users(), **options)
        running.append(idp)
        sp.idp_metadata_xml = requests.get(idp.metadata_url, timeout=10).text
        return idp

    yield start
    for idp in running:
        idp.stop()


def sign_in_at(sp: PythonSamlSp, login: str, password: str, **login_options: Any) -> tuple[dict[str, str], str]:
    """A browser's sign-in from the SP's redirect: the fields it would POST to the ACS, and the request's ID."""
    url, request_id = sp.login_url(**login_options)
    acs_url, fields = sign_in(requests.Session(), url, login, password)
    assert acs_url == ACS_URL
    return fields, request_id


def refusal(sp: PythonSamlSp, fields: dict[str, str], request_id: str | None) -> str:
    """Why the SP refused the response (fails the test if it accepted it)."""
    auth = sp.accept(ACS_URL, fields, request_id)
    assert auth.get_errors(), "python3-saml accepted the response"
    assert not auth.is_authenticated()
    return str(auth.get_last_error_reason())


def test_python3_saml_reads_the_served_metadata(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    idp = start_idp(PythonSamlSp(sp_keys))
    served = requests.get(idp.metadata_url, timeout=10)
    assert served.headers["Content-Type"] == "application/samlmetadata+xml"
    assert idp.metadata_url == idp.entity_id
    # allauth's "metadata_url" setting fetches it this way.
    settings = OneLogin_Saml2_IdPMetadataParser.parse_remote(idp.metadata_url, entity_id=idp.entity_id)["idp"]
    assert settings["entityId"] == idp.entity_id
    assert settings["singleSignOnService"]["url"] == idp.sso_url
    assert settings["singleLogoutService"]["url"] == idp.slo_url
    assert settings["x509cert"] == idp.certificate_base64
    by_post = OneLogin_Saml2_IdPMetadataParser.parse(
        served.text, required_sso_binding=OneLogin_Saml2_Constants.BINDING_HTTP_POST
    )
    assert by_post["idp"]["singleSignOnService"]["url"] == idp.sso_url


@pytest.mark.parametrize("login", sorted(USERS))
def test_each_standard_user_signs_in_with_their_attributes(start_idp: StartIdp, sp_keys: KeyPair, login: str) -> None:
    sp = PythonSamlSp(sp_keys)
    start_idp(sp)
    fields, request_id = sign_in_at(sp, login, USERS[login].password)
    assert fields["RelayState"] == f"{SP_BASE}/after-sign-in/"
    auth = sp.accept(ACS_URL, fields, request_id)
    assert auth.get_errors() == [], auth.get_last_error_reason()
    assert auth.is_authenticated()
    assert auth.get_attributes() == USERS[login].attributes
    assert auth.get_nameid_format() == TRANSIENT


def test_targeted_id_in_its_name_id_form(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys)
    idp = start_idp(sp, targeted_id_as_name_id=True)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    auth = sp.accept(ACS_URL, fields, request_id)
    assert auth.get_errors() == [], auth.get_last_error_reason()
    [value] = BOTH.attributes[EDU_PERSON_TARGETED_ID]
    name_id = {"Format": PERSISTENT, "NameQualifier": idp.entity_id, "value": value}
    assert auth.get_attributes()[EDU_PERSON_TARGETED_ID] == [{"NameID": name_id}]
    assert auth.get_attributes()[PAIRWISE_ID] == BOTH.attributes[PAIRWISE_ID]


@pytest.mark.parametrize(
    ("idp_signs_response", "idp_signs_assertion", "sp_wants_assertion_signed", "sp_wants_message_signed", "accepted"),
    [
        pytest.param(True, True, True, True, True, id="both-signed"),
        pytest.param(False, True, True, False, True, id="assertion-signed-only"),
        pytest.param(True, False, False, True, True, id="response-signed-only"),
        pytest.param(True, False, True, False, False, id="sp-wants-assertion-signed"),
        pytest.param(False, True, False, True, False, id="sp-wants-response-signed"),
    ],
)
def test_where_the_signature_is_and_what_the_sp_wants(
    start_idp: StartIdp,
    sp_keys: KeyPair,
    idp_signs_response: bool,
    idp_signs_assertion: bool,
    sp_wants_assertion_signed: bool,
    sp_wants_message_signed: bool,
    accepted: bool,
) -> None:
    sp = PythonSamlSp(
        sp_keys, want_assertions_signed=sp_wants_assertion_signed, want_messages_signed=sp_wants_message_signed
    )
    start_idp(sp, sign_response=idp_signs_response, sign_assertion=idp_signs_assertion)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    if accepted:
        auth = sp.accept(ACS_URL, fields, request_id)
        assert auth.get_errors() == [], auth.get_last_error_reason()
        assert auth.get_attributes() == BOTH.attributes
    else:
        assert "not signed" in refusal(sp, fields, request_id)


def test_an_encrypted_assertion_is_decrypted(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys, want_assertions_encrypted=True)
    start_idp(sp, encrypt_assertions=True)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    xml = decoded_response(fields)
    assert "EncryptedAssertion" in xml
    assert "http://www.w3.org/2009/xmlenc11#aes128-gcm" in xml
    assert "AttributeStatement" not in xml
    assert TRUST_SCOPE not in xml
    auth = sp.accept(ACS_URL, fields, request_id)
    assert auth.get_errors() == [], auth.get_last_error_reason()
    assert auth.get_attributes() == BOTH.attributes


def test_an_sp_that_wants_encryption_refuses_a_plain_assertion(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys, want_assertions_encrypted=True)
    start_idp(sp, encrypt_assertions=False)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    assert "not encrypted" in refusal(sp, fields, request_id)


def test_the_idp_will_not_encrypt_for_an_sp_without_an_encryption_certificate(
    start_idp: StartIdp, sp_keys: KeyPair
) -> None:
    # python3-saml puts an encryption key in its metadata only when it wants encrypted assertions; pysaml2
    # alone would then send the assertion in clear. The test IdP refuses instead, so no test passes by it.
    sp = PythonSamlSp(sp_keys, want_assertions_encrypted=False)
    idp = start_idp(sp, encrypt_assertions=True)
    with pytest.raises(SamlSignInRefused) as refused:
        sign_in_at(sp, BOTH.login, BOTH.password)
    assert refused.value.status == 400
    assert "no encryption certificate" in refused.value.page
    assert idp.errors


@pytest.mark.parametrize("sign_response", [True, False], ids=["response-signed", "assertion-signed-only"])
def test_an_altered_attribute_value_is_refused(start_idp: StartIdp, sp_keys: KeyPair, sign_response: bool) -> None:
    sp = PythonSamlSp(sp_keys)
    start_idp(sp, sign_response=sign_response)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    xml = decoded_response(fields)
    assert f"staff@{TRUST_SCOPE}" in xml
    forged = with_response(fields, xml.replace(f"staff@{TRUST_SCOPE}", f"admin@{TRUST_SCOPE}"))
    assert "ignature" in refusal(sp, forged, request_id)  # "Signature validation failed", "invalid signature"


def test_an_altered_encrypted_assertion_makes_python3_saml_raise(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    """Not an error it records (get_errors()) but an exception, xmlsec.Error, out of process_response: the
    SP must catch it (allauth 65.21.1 catches only binascii.Error and OneLogin_Saml2_Error around it)."""
    sp = PythonSamlSp(sp_keys, want_assertions_encrypted=True)
    start_idp(sp, encrypt_assertions=True)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    xml = decoded_response(fields)
    # The last CipherValue is the assertion's (the first is the wrapped key): change one base64 character.
    start = xml.rindex("<ns0:CipherValue>") + len("<ns0:CipherValue>") + 40
    flipped = "A" if xml[start] != "A" else "B"
    with pytest.raises(xmlsec.Error, match="failed to decrypt"):
        sp.accept(ACS_URL, with_response(fields, xml[:start] + flipped + xml[start + 1 :]), request_id)


@pytest.mark.parametrize(
    ("clock_offset_seconds", "refused_because"),
    [
        pytest.param(-3600, "expired", id="an-hour-old"),
        pytest.param(3600, "not yet valid", id="an-hour-ahead"),
        pytest.param(-120, None, id="two-minutes-behind-within-skew"),
        pytest.param(120, None, id="two-minutes-ahead-within-skew"),
    ],
)
def test_the_sp_allows_only_its_clock_skew(
    start_idp: StartIdp, sp_keys: KeyPair, clock_offset_seconds: int, refused_because: str | None
) -> None:
    sp = PythonSamlSp(sp_keys)
    start_idp(sp, clock_offset_seconds=clock_offset_seconds)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    if refused_because is None:
        auth = sp.accept(ACS_URL, fields, request_id)
        assert auth.get_errors() == [], auth.get_last_error_reason()
    else:
        assert refused_because in refusal(sp, fields, request_id)


def test_a_wrong_password_is_refused_and_the_form_can_be_tried_again(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys)
    idp = start_idp(sp)
    url, request_id = sp.login_url()
    browser = requests.Session()
    with pytest.raises(SamlSignInRefused) as refused:
        sign_in(browser, url, BOTH.login, "not-the-password")
    assert refused.value.status == 401
    assert "Wrong username or password." in refused.value.page
    with pytest.raises(SamlSignInRefused):
        sign_in(browser, url, "nobody", BOTH.password)
    # The same AuthnRequest, right password this time (a person retyping it on the form).
    acs_url, fields = sign_in(browser, url, BOTH.login, BOTH.password)
    assert sp.accept(acs_url, fields, request_id).get_errors() == []
    assert idp.errors == []  # a wrong password is an answer, not an error


def test_python3_saml_alone_accepts_a_replayed_response(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    """Replay protection is the SP's job: python3-saml checks signature, times and InResponseTo, keeps no
    record of what it accepted, so the same POST a second time (within the assertion's lifetime) passes.
    allauth refuses the second one only because the first one used up the state stashed under the request ID."""
    sp = PythonSamlSp(sp_keys)
    start_idp(sp)
    fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
    first = sp.accept(ACS_URL, fields, request_id)
    second = sp.accept(ACS_URL, fields, request_id)
    assert first.get_errors() == []
    assert second.get_errors() == []
    assert first.get_last_assertion_id() == second.get_last_assertion_id()  # what an SP would have to remember


def test_an_authn_request_by_http_post(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys)
    idp = start_idp(sp)
    saml_request, request_id = sp.authn_request_for_post()
    acs_url, fields = sign_in_by_post(requests.Session(), idp.sso_url, saml_request, "back-here", *_both())
    assert fields["RelayState"] == "back-here"
    auth = sp.accept(acs_url, fields, request_id)
    assert auth.get_errors() == [], auth.get_last_error_reason()


def _both() -> tuple[str, str]:
    return BOTH.login, BOTH.password


def test_a_session_at_the_idp_skips_the_form_unless_the_sp_forces_authentication(
    start_idp: StartIdp, sp_keys: KeyPair
) -> None:
    sp = PythonSamlSp(sp_keys)
    start_idp(sp)
    browser = requests.Session()
    sign_in(browser, sp.login_url()[0], *_both())
    url, request_id = sp.login_url()
    acs_url, fields = sign_in(browser, url, BOTH.login, "no password asked")
    assert sp.accept(acs_url, fields, request_id).get_errors() == []
    with pytest.raises(SamlSignInRefused):
        sign_in(browser, sp.login_url(force_authn=True)[0], BOTH.login, "no password asked")


def test_single_logout_ends_the_idp_session_and_answers_with_a_signed_logout_response(
    start_idp: StartIdp, sp_keys: KeyPair
) -> None:
    sp = PythonSamlSp(sp_keys, want_messages_signed=True)  # so the LogoutResponse's signature is required
    idp = start_idp(sp)
    browser = requests.Session()
    url, request_id = sp.login_url()
    signed_in = sp.accept(*sign_in(browser, url, *_both()), request_id)
    logout = sp.auth(f"{SP_BASE}/saml/logout/")
    logout_url = logout.logout(
        return_to=f"{SP_BASE}/signed-out/",
        name_id=signed_in.get_nameid(),
        session_index=signed_in.get_session_index(),
        name_id_format=signed_in.get_nameid_format(),
        nq=signed_in.get_nameid_nq(),
        spnq=signed_in.get_nameid_spnq(),
    )
    assert logout_url.startswith(idp.slo_url)
    answer = browser.get(logout_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, idp.errors
    location = answer.headers["Location"]
    assert location.startswith(SLS_URL)
    assert {"SAMLResponse", "RelayState", "SigAlg", "Signature"} <= set(query_fields(location))
    sls = sp.auth(SLS_URL, get=query_fields(location))
    sls.process_slo(request_id=logout.get_last_request_id(), keep_local_session=True)
    assert sls.get_errors() == [], sls.get_last_error_reason()
    with pytest.raises(SamlSignInRefused):  # signed out at the IdP: the form again
        sign_in(browser, sp.login_url()[0], BOTH.login, "no password asked")


def test_signed_authn_requests_are_checked(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys, authn_requests_signed=True)
    start_idp(sp)
    url, request_id = sp.login_url()
    assert "Signature" in query_fields(url)
    assert sp.accept(*sign_in(requests.Session(), url, *_both()), request_id).get_errors() == []
    forged = url.replace("RelayState=", "RelayState=evil")
    with pytest.raises(SamlSignInRefused) as refused:
        sign_in(requests.Session(), forged, *_both())
    assert refused.value.status == 400
    assert "IncorrectlySigned" in refused.value.page


def test_an_idp_that_requires_signed_requests_refuses_an_unsigned_one(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys, authn_requests_signed=False)
    idp = start_idp(sp, require_signed_requests=True)
    assert 'WantAuthnRequestsSigned="true"' in idp.metadata_xml
    with pytest.raises(SamlSignInRefused) as refused:
        sign_in(requests.Session(), sp.login_url()[0], *_both())
    assert "IncorrectlySigned" in refused.value.page


def test_a_persistent_name_id_is_the_same_at_every_sign_in(start_idp: StartIdp, sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys, name_id_format=PERSISTENT)
    start_idp(sp)
    name_ids = []
    for _ in range(2):
        fields, request_id = sign_in_at(sp, BOTH.login, BOTH.password)
        auth = sp.accept(ACS_URL, fields, request_id)
        assert auth.get_nameid_format() == PERSISTENT
        name_ids.append(auth.get_nameid())
    assert name_ids[0] == name_ids[1]


def test_an_sp_is_refused_until_the_idp_trusts_it(sp_keys: KeyPair) -> None:
    sp = PythonSamlSp(sp_keys)
    with start_saml_idp(None, standard_test_users()) as idp:
        sp.idp_metadata_xml = idp.metadata_xml
        url, request_id = sp.login_url()
        with pytest.raises(SamlSignInRefused) as refused:
            sign_in(requests.Session(), url, *_both())
        assert refused.value.status == 400
        idp.trust_sp(sp.metadata_xml())
        acs_url, fields = sign_in(requests.Session(), url, *_both())
        assert sp.accept(acs_url, fields, request_id).get_attributes()[EDU_PERSON_SCOPED_AFFILIATION]
    assert urlsplit(idp.sso_url).hostname == "127.0.0.1"
