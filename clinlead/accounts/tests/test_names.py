"""A learner's name: tidied, and refused with the character named when it would print wrongly or spoof."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from clinlead.accounts.api import learner
from clinlead.accounts.models import Profile, User
from clinlead.accounts.names import clean_name
from clinlead.accounts.services import create_profile, update_profile
from clinlead.accounts.testing import PASSWORD
from tests.factories import NAMES_IN_MANY_SCRIPTS as ACCEPTED

from .test_registration import confirmation_link, register

pytestmark = pytest.mark.django_db

RLO_NAME = "Amara \u202enosduh"  # shows as "Amara hudson" reversed: a spoof
REFUSED = [
    ("Amara\x07 Okafor", "the control character U+0007; type your name as it is written"),
    ("Amara\tOkafor", "the control character U+0009"),
    ("Amara\x85Okafor", "the control character U+0085"),
    ("Amara\x7fOkafor", "the control character U+007F"),
    (RLO_NAME, "the right-to-left override character U+202E; type your name as it is written"),
    ("Amara \u202aOkafor", "the left-to-right embedding character U+202A"),
    ("Amara \u2067Okafor\u2069", "the right-to-left isolate character U+2067"),
    ("Amara\u200fOkafor", "the right-to-left mark character U+200F"),
    ("Am\u200bara", "the invisible character U+200B (zero width space)"),
    ("Am\u2060ara", "the invisible character U+2060 (word joiner)"),
    ("Amara\u3164", "the invisible character U+3164 (hangul filler)"),
    ("Amara\u034f", "the invisible character U+034F (combining grapheme joiner)"),
    ("Amara\u2028Okafor", "a line break (U+2028); type your name on one line"),
    ("Amara \U0001f600", "the symbol “😀” (U+1F600, grinning face)"),
    ("\u0301Amara", "the accent or vowel sign “◌́” (U+0301, combining acute accent) on its own"),
    ("Amara \ue000", "the character U+E000, which is not a letter in any alphabet"),
    ("𠮷野 花子", "“𠮷” (U+20BB7, CJK unified ideograph-20bb7): certificates cannot print this character yet"),
]


@pytest.mark.parametrize(("name", "problem"), REFUSED)
def test_names_that_would_print_wrongly_or_spoof_are_refused_naming_the_character(name: str, problem: str) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_name(name)
    assert refused.value.messages[0].startswith(f"Your name cannot contain {problem}")


@pytest.mark.parametrize("name", ACCEPTED)
def test_real_names_in_many_scripts_are_kept_as_typed(name: str) -> None:
    assert clean_name(name) == name


def test_spaces_are_tidied_and_the_name_normalised_to_nfc() -> None:
    assert clean_name("  Zoe\u0308 \u00a0  O\u2019Neill\u3000Smith ") == "Zoë O’Neill Smith"


def test_a_name_longer_than_the_field_is_refused_with_its_length() -> None:
    with pytest.raises(ValidationError, match="at most 150 characters; this one has 151"):
        clean_name("W" * 151)
    assert clean_name("W" * 150) == "W" * 150


def test_registration_refuses_a_spoofing_name_with_the_message_on_the_field(client: Client) -> None:
    response = register(client, "amara.okafor@nhs.net", name_on_certificates=RLO_NAME)
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Your name cannot contain the right-to-left override character U+202E" in body
    assert 'href="#id_name_on_certificates"' in body
    assert not User.objects.exists()


def test_registration_stores_the_tidied_name(client: Client) -> None:
    register(client, "amara.okafor@nhs.net", name_on_certificates="  Zoe\u0308   O’Neill ")
    assert Profile.objects.get().name_on_certificates == "Zoë O’Neill"


def test_changing_your_details_refuses_a_control_character_and_keeps_the_old_name(client: Client) -> None:
    register(client, "amara.okafor@nhs.net")
    client.post(confirmation_link())
    response = client.post(
        "/accounts/profile/edit/", {"name_on_certificates": "Amara\x07 Okafor", "profession": "nurse"}
    )
    body = html.unescape(response.content.decode())
    # Control characters are refused before any form by the input guard (clinlead/input_guard.py), naming
    # the field; the name rule refuses them too, for routes without a form (services, imports).
    assert response.status_code == 400
    assert "The field “name_on_certificates” contains a character that cannot be stored: U+0007" in body
    assert Profile.objects.get().name_on_certificates == "Amara Okafor"


def test_changing_your_details_accepts_a_name_in_arabic_script(client: Client) -> None:
    register(client, "amara.okafor@nhs.net")
    client.post(confirmation_link())
    client.post("/accounts/profile/edit/", {"name_on_certificates": "سید محمد\u200cعلی", "profession": "nurse"})
    assert Profile.objects.get().name_on_certificates == "سید محمد\u200cعلی"


def test_services_refuse_a_bad_name_whoever_calls_them() -> None:
    user = User.objects.create_user("amara@nhs.net", PASSWORD)
    with pytest.raises(ValidationError, match="right-to-left override character U\\+202E"):
        create_profile(user, name_on_certificates=RLO_NAME, profession="nurse")
    assert not Profile.objects.exists()
    profile = create_profile(user, name_on_certificates=" Amara   Okafor ", profession="nurse")
    assert learner(user.pk).name_on_certificates == "Amara Okafor"
    with pytest.raises(ValidationError, match="control character U\\+001B"):
        update_profile(profile, {"name_on_certificates": "Amara\x1b[2J", "job_role": "Ward sister"})
    profile.refresh_from_db()
    assert (profile.name_on_certificates, profile.job_role) == ("Amara Okafor", "")
