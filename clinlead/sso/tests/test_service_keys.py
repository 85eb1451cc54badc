"""Our own SAML certificate and private key from the environment (SAML_SP_CERTIFICATE_FILE, SAML_SP_PRIVATE_KEY_FILE):
read and checked at start, and used by every SAML app without a pair of its own, to sign our metadata and to have
assertions encrypted to us, against the real pysaml2 identity provider (tests/idp)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client, override_settings

from clinlead.organisations.testing import load_sample_registry, organisation_id
from clinlead.sso.testing import Kind, identity_provider, saml_app
from tests.idp.saml.keys import generate_key_pair
from tests.idp.saml_idp import start_saml_idp

from .test_keystone import signed_in_as
from .test_openathens_saml import USERS, saml_sign_in

KEYS = generate_key_pair("clinlead service keys")
ROOT = Path(__file__).resolve().parents[3]
# The test client's host, "testserver", has one label: python3-saml refuses it unless told.
ADVANCED: dict[str, object] = {"allow_single_label_domains": True}


def written(tmp_path: Path) -> dict[str, str]:
    certificate, key = tmp_path / "sp.crt", tmp_path / "sp.key"
    certificate.write_text(KEYS.certificate_pem)
    key.write_text(KEYS.private_key_pem)
    return {"SAML_SP_CERTIFICATE_FILE": str(certificate), "SAML_SP_PRIVATE_KEY_FILE": str(key)}


def settings_with(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The settings' pair as they read it from this environment (a fresh interpreter), or why they cannot start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAML_SP_")} | environment
    env["DJANGO_SETTINGS_MODULE"] = "clinlead.settings.base"
    code = (
        "from django.conf import settings; print(settings.SAML_SP_CERTIFICATE[:27], len(settings.SAML_SP_PRIVATE_KEY))"
    )
    return subprocess.run(  # noqa: S603 -- runs this interpreter on a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_pair_is_read_from_its_files(tmp_path: Path) -> None:
    assert settings_with({}).stdout.split() == ["0"]
    read = settings_with(written(tmp_path))
    assert read.stdout.split() == ["-----BEGIN", "CERTIFICATE-----", str(len(KEYS.private_key_pem.strip()))]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SAML_SP_PRIVATE_KEY_FILE": ""}, "SAML_SP_CERTIFICATE_FILE set without SAML_SP_PRIVATE_KEY_FILE"),
        ({"SAML_SP_CERTIFICATE_FILE": "/nowhere/sp.crt"}, "SAML_SP_CERTIFICATE_FILE=/nowhere/sp.crt: cannot be read"),
        ({"swap": "yes"}, "SAML_SP_CERTIFICATE_FILE=.*expected a PEM file holding a certificate"),
    ],
)
def test_a_missing_unreadable_or_wrong_file_stops_the_start(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    environment = written(tmp_path)
    if change.pop("swap", None):  # the key where the certificate should be
        environment["SAML_SP_CERTIFICATE_FILE"] = environment["SAML_SP_PRIVATE_KEY_FILE"]
    environment |= change
    refused = settings_with({name: value for name, value in environment.items() if value})
    assert refused.returncode != 0
    assert re.search(message, refused.stderr), refused.stderr[-500:]


@pytest.mark.django_db
def test_an_app_without_its_own_pair_signs_metadata_and_reads_encrypted_assertions_with_the_services() -> None:
    client = Client(HTTP_HOST="testserver")
    load_sample_registry()
    idp = start_saml_idp(None, USERS, encrypt_assertions=True)
    try:
        saml_app("northshire", "Northshire OpenAthens", idp.entity_id, idp.metadata_url, ADVANCED)
        identity_provider("Northshire", Kind.OPENATHENS_SAML, "northshire", idp.entity_id, organisation_id("ZZ1"))
        with override_settings(SAML_SP_CERTIFICATE="", SAML_SP_PRIVATE_KEY=""):
            unsigned = client.get("/accounts/saml/northshire/metadata/").content.decode()
        assert "<ds:Signature" not in unsigned
        app = SocialApp.objects.get(provider_id="northshire")
        app.settings["advanced"] = {**ADVANCED, "want_assertion_encrypted": True}
        app.save()
        with override_settings(SAML_SP_CERTIFICATE=KEYS.certificate_pem, SAML_SP_PRIVATE_KEY=KEYS.private_key_pem):
            metadata = client.get("/accounts/saml/northshire/metadata/").content.decode()
            assert "<ds:Signature" in metadata
            assert KEYS.certificate_base64[:40] in metadata
            idp.trust_sp(metadata)
            response = saml_sign_in(client, "pairwise.only", "pw-1")
        assert response["Location"] == "/accounts/3rdparty/signup/"
        assert signed_in_as(client) is None  # the sign-up form comes next
    finally:
        idp.stop()
