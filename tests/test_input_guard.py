"""The input guard: characters that cannot be stored are refused with a page naming the field, character and place.

These run on SQLite and PostgreSQL (PostgreSQL is where a NUL became a 500). Every endpoint and form of the site is
swept in tests/test_input_guard_endpoints.py; here are the rules themselves, and what must still get through.
"""

import html
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client

from clinlead.input_guard import first_refused
from tests.factories import S, make_learner, signed_in

PAGE3 = f"{S}/v1/3/"
FORM = "application/x-www-form-urlencoded"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def multipart(fields: list[tuple[bytes, bytes]]) -> bytes:
    part = b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
    parts = [part % (name, value) for name, value in fields]
    return b"".join(parts) + b"--B--\r\n"


# --- What counts as a character that cannot be stored ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b", (2, "a character that cannot be stored: U+0000 (NULL)")),
        ("\x08", (1, "a character that cannot be stored: U+0008 (BACKSPACE)")),
        ("ab\x1b[31m", (3, "a character that cannot be stored: U+001B (ESCAPE)")),
        ("\x0b", (1, "a character that cannot be stored: U+000B (LINE TABULATION)")),
        ("x\x7f", (2, "a character that cannot be stored: U+007F (DELETE)")),
        ("x\x85", (2, "a character that cannot be stored: U+0085 (a C1 control character)")),
        ("\x9f", (1, "a character that cannot be stored: U+009F (a C1 control character)")),
        ("é\ud800", (2, "a character that cannot be stored: U+D800 (a lone surrogate)")),
        ("\ufffe", (1, "a character that cannot be stored: U+FFFE (a noncharacter)")),
        ("\uffff", (1, "a character that cannot be stored: U+FFFF (a noncharacter)")),
        # What decoding bytes that are not UTF-8 with surrogateescape leaves: the bytes are named.
        ("a\udced\udca0\udc80b", (2, "bytes that are not valid UTF-8: ED A0 80 (an encoded lone surrogate, U+D800)")),
        ("\udcff", (1, "bytes that are not valid UTF-8: FF")),
    ],
)
def test_refused_characters_are_named_with_their_position(text: str, expected: tuple[int, str]) -> None:
    assert first_refused(text) == expected


@pytest.mark.parametrize(
    "text",
    ["tab\there", "two\nlines\r\n", "Zoë Ó Briain", "محمد", "王小明", "👩🏽‍⚕️", "\u00a0\u200b", "\ufffd", "\U0010fffd"],
)
def test_ordinary_text_is_never_refused(text: str) -> None:
    assert first_refused(text) is None


# --- The defects the issue reported, on whichever database this runs ------------------------


@pytest.mark.django_db
def test_a_reflection_with_a_nul_is_refused_naming_the_field_and_nothing_is_saved(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    response = client.post(PAGE3, {"exercise": "reflect", "text": "I stayed quiet\x00 because"})
    assert response.status_code == 400
    body = text_of(response)
    assert (
        "The field “text” contains a character that cannot be stored: U+0000 (NULL) at character 15. "
        "Remove it and send the form again."
    ) in body
    assert "nhsuk-header" in body  # the site's layout, not a bare error
    assert "I stayed quiet" not in text_of(client.get(PAGE3))


@pytest.mark.django_db
def test_a_certificate_address_with_a_nul_is_refused_naming_the_address(loaded_example: Path) -> None:
    response = signed_in(make_learner()).get("/certificates/a%00b.pdf")
    assert response.status_code == 400
    assert (
        "The address contains a character that cannot be stored: U+0000 (NULL) at character 16. "
        "Check the address, or go back and follow the link again."
    ) in text_of(response)


@pytest.mark.django_db
def test_a_session_cookie_holding_a_nul_is_ignored_rather_than_crashing(loaded_example: Path) -> None:
    # Django unquotes "\000" in a quoted cookie to a NUL, which PostgreSQL refused when the session was looked up.
    response = Client().get("/programmes/example/", HTTP_COOKIE='sessionid="abcdefgh\\000ijklmnop"')
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_learner_with_a_bad_second_cookie_stays_signed_in(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    session_cookie = client.cookies["sessionid"].value
    response = client.get("/accounts/profile/", HTTP_COOKIE=f'sessionid={session_cookie}; theme="dark\\000"')
    assert response.status_code == 200
    assert "Sam Learner" in response.content.decode()


# --- Clean text still gets through, as typed -------------------------------------------------


@pytest.mark.django_db
def test_a_reflection_with_tabs_newlines_and_any_script_is_saved_as_written(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    text = "First:\tlisten.\r\nThen: ask 王小明 and محمد — Zoë 👩🏽‍⚕️ said \ufffd was fine"
    response = client.post(PAGE3, f"exercise=reflect&text={quote(text)}", content_type=FORM)
    assert response.status_code == 303
    assert "王小明 and محمد — Zoë 👩🏽‍⚕️ said \ufffd was fine" in text_of(client.get(PAGE3))


@pytest.mark.django_db
def test_the_time_beacon_still_posts_its_form_data(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    page = client.get(PAGE3).content.decode()
    view_id = page.split('data-view-id="', 1)[1].split('"', 1)[0]
    body = multipart([(b"view_id", view_id.encode()), (b"seconds", b"12")])
    response = client.post(f"{S}/v1/time/", body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 204


# --- Bytes that are not UTF-8, and other encodings -------------------------------------------

SURROGATE = "bytes that are not valid UTF-8: ED A0 80 (an encoded lone surrogate, U+D800)"


@pytest.mark.django_db
def test_an_encoded_lone_surrogate_is_refused_in_the_path_query_and_both_form_encodings(
    loaded_example: Path,
) -> None:
    client = signed_in(make_learner())
    path = client.get("/certificates/%ED%A0%80.pdf")
    assert f"The address contains {SURROGATE} at character 15." in text_of(path)
    query = client.get("/certificates/verify/?number=ab%ED%A0%80")
    assert f"The address parameter “number” contains {SURROGATE} at character 3." in text_of(query)
    urlencoded = client.post(PAGE3, b"exercise=reflect&text=a%ED%A0%80", content_type=FORM)
    assert f"The field “text” contains {SURROGATE} at character 2." in text_of(urlencoded)
    raw = client.post(PAGE3, b"exercise=reflect&text=a\xed\xa0\x80", content_type=FORM)
    assert f"The field “text” contains {SURROGATE} at character 2." in text_of(raw)
    body = multipart([(b"exercise", b"reflect"), (b"text", b"a\xed\xa0\x80")])
    parts = client.post(PAGE3, body, content_type="multipart/form-data; boundary=B")
    assert f"The field “text” contains {SURROGATE} at character 2." in text_of(parts)
    for response in (path, query, urlencoded, raw, parts):
        assert response.status_code == 400
    assert "\ufffd" not in text_of(client.get(PAGE3))  # Django would have saved U+FFFD in its place


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", [f"{FORM}; charset=utf-7", "multipart/form-data; boundary=B; charset=utf-7"])
def test_a_form_in_another_character_set_is_refused_clearly(loaded_example: Path, content_type: str) -> None:
    # In UTF-7, "+2AA-" is a lone surrogate; Django would decode the form with whatever charset it is given.
    body = b"exercise=reflect&text=%2B2AA-" if content_type.startswith(FORM) else multipart([(b"text", b"+2AA-")])
    response = signed_in(make_learner()).post(PAGE3, body, content_type=content_type)
    assert response.status_code == 400
    assert "The request contains text in the character set “utf-7”, and this site reads only UTF-8" in text_of(response)


@pytest.mark.django_db
def test_a_form_declared_as_utf_8_is_read(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    response = client.post(PAGE3, "exercise=reflect&text=Zo%C3%AB", content_type=f"{FORM}; charset=UTF-8")
    assert response.status_code == 303


# --- Names, several problems, and hostile shapes ---------------------------------------------


@pytest.mark.django_db
def test_a_field_name_with_a_bad_character_is_shown_safely(loaded_example: Path) -> None:
    response = Client().post("/accounts/login/", b"log%1Bin=x&password=y", content_type=FORM)
    assert response.status_code == 400
    assert (
        "The name of a form field (“log?in”) contains a character that cannot be stored: "
        "U+001B (ESCAPE) at character 4."
    ) in text_of(response)


@pytest.mark.django_db
def test_every_refused_field_is_listed_so_the_form_can_be_mended_in_one_go(loaded_example: Path) -> None:
    response = Client().post("/accounts/signup/", {"email": "a\x00@nhs.net", "password1": "x", "password2": "\x7f"})
    body = text_of(response)
    assert "The field “email” contains a character that cannot be stored: U+0000 (NULL) at character 2." in body
    assert "The field “password2” contains a character that cannot be stored: U+007F (DELETE) at character 1." in body
    assert "password1”" not in body


@pytest.mark.django_db
def test_a_flood_of_bad_fields_gets_one_short_page(loaded_example: Path) -> None:
    body = "&".join(f"f{n}=%00" for n in range(200))
    response = Client().post("/accounts/login/", body, content_type=FORM)
    assert response.status_code == 400
    assert text_of(response).count("contains a character that cannot be stored") == 10


@pytest.mark.django_db
def test_too_many_fields_and_a_broken_multipart_body_are_400s_not_500s(loaded_example: Path, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    client = Client(raise_request_exception=False)
    assert client.get("/?" + "&".join(f"q{n}=1" for n in range(10))).status_code == 400
    assert client.post("/accounts/login/", "&".join(f"q{n}=1" for n in range(10)), content_type=FORM).status_code == 400
    broken = client.post("/accounts/login/", b"--B\r\nnot a part", content_type="multipart/form-data; boundary=B")
    assert broken.status_code == 200  # Django finds no fields in it: the sign-in page again
    no_boundary = client.post("/accounts/login/", b"x", content_type="multipart/form-data")
    assert no_boundary.status_code == 400
