"""Every URL pattern and every form of the site, sent characters that cannot be stored: a clear 400, never a 500.

The patterns come from the root resolver, so a new endpoint fails test_every_url_pattern_has_an_address_here until
it is added to ROUTES below. Forms are found by reading the pages themselves (as a visitor, a learner, a learner
with two-factor on, and someone half-way through signing in with two-factor), so a new field on a page is
covered without touching this file. Runs on SQLite and PostgreSQL.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.factories import PASSWORD, make_learner, play_everything

pytestmark = pytest.mark.django_db

SESSION = "/programmes/{programme_key}/sessions/{session_key}"


@dataclass(frozen=True)
class Route:
    """A real address for a URL pattern ({name} marks its parameters) and the fields posted to it."""

    address: str
    fields: tuple[str, ...] = ()
    more_pages: tuple[str, ...] = ()  # other addresses of the same pattern, read for their forms


UUID = "00000000-0000-4000-8000-000000000000"
PROFILE = ("name_on_certificates", "profession", "job_role", "place_of_work", "registration_body")
ROUTES: dict[str, Route] = {
    "healthz": Route("/healthz"),
    "csp-report": Route("/csp-report"),
    "accounts/profile/": Route("/accounts/profile/"),
    "accounts/profile/edit/": Route("/accounts/profile/edit/", (*PROFILE, "registration_number", "esr_staff_number")),
    "accounts/login/": Route("/accounts/login/", ("login", "password")),
    "accounts/logout/": Route("/accounts/logout/"),
    "accounts/inactive/": Route("/accounts/inactive/"),
    "accounts/signup/": Route(
        "/accounts/signup/", ("email", "password1", "password2", "name_on_certificates", "profession", "accept_terms")
    ),
    "accounts/reauthenticate/": Route("/accounts/reauthenticate/", ("password",)),
    "accounts/email/": Route("/accounts/email/", ("email",)),
    "accounts/confirm-email/": Route("/accounts/confirm-email/"),
    "accounts/password/change/": Route("/accounts/password/change/", ("oldpassword", "password1", "password2")),
    "accounts/password/set/": Route("/accounts/password/set/", ("password1", "password2")),
    "accounts/password/reset/": Route("/accounts/password/reset/", ("email",)),
    "accounts/login/code/confirm/": Route("/accounts/login/code/confirm/"),  # sign-in by emailed code is off
    "accounts/confirm-email/(?P<key>[-:\\w]+)/$": Route("/accounts/confirm-email/{key}/"),
    "accounts/password/reset/key/done/": Route("/accounts/password/reset/key/done/"),
    "accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": Route(
        "/accounts/password/reset/key/{uidb36}-{reset_key}/", ("password1", "password2")
    ),
    "accounts/password/reset/done/": Route("/accounts/password/reset/done/"),
    "accounts/2fa/": Route("/accounts/2fa/"),
    "accounts/2fa/authenticate/": Route("/accounts/2fa/authenticate/", ("code",)),
    "accounts/2fa/reauthenticate/": Route("/accounts/2fa/reauthenticate/", ("code",)),
    "accounts/2fa/totp/activate/": Route("/accounts/2fa/totp/activate/", ("code",)),
    "accounts/2fa/totp/deactivate/": Route("/accounts/2fa/totp/deactivate/"),
    "accounts/2fa/recovery-codes/": Route("/accounts/2fa/recovery-codes/"),
    "accounts/2fa/recovery-codes/generate/": Route("/accounts/2fa/recovery-codes/generate/"),
    "accounts/2fa/recovery-codes/download/": Route("/accounts/2fa/recovery-codes/download/"),
    "my-learning/": Route("/my-learning/"),
    "my-learning/enrol/<slug:programme_key>/": Route("/my-learning/enrol/{programme_key}/"),
    "my-learning/add/<slug:programme_key>/<slug:session_key>/": Route(
        "/my-learning/add/{programme_key}/{session_key}/"
    ),
    "my-learning/activity/": Route("/my-learning/activity/"),
    "my-learning/transcript\\.(?P<file_format>pdf|csv)$": Route("/my-learning/transcript.{file_format}"),
    "my-learning/my-data.json": Route("/my-learning/my-data.json"),
    "my-learning/delete-account/": Route("/my-learning/delete-account/", ("password",)),
    "certificates/verify/": Route("/certificates/verify/", ("number",)),
    "search/": Route("/search/", ("q", "type", "domain", "length")),
    "certificates/<str:number>.pdf": Route("/certificates/{number}.pdf"),
    "programmes/<slug:programme_key>/sessions/<slug:session_key>/play/": Route(f"{SESSION}/play/"),
    "programmes/<slug:programme_key>/sessions/<slug:session_key>/v<int:version>/<int:number>/": Route(
        SESSION + "/v{version}/{page}/",
        ("exercise", "text", "choice"),
        more_pages=(SESSION + "/v{version}/2/",),
    ),
    "programmes/<slug:programme_key>/sessions/<slug:session_key>/v<int:version>/summary/": Route(
        SESSION + "/v{version}/summary/"
    ),
    # The player's script posts this FormData on pagehide (clinlead/static/clinlead/player.js): no form shows it.
    "programmes/<slug:programme_key>/sessions/<slug:session_key>/v<int:version>/time/": Route(
        SESSION + "/v{version}/time/", ("view_id", "seconds", "csrfmiddlewaretoken")
    ),
    "": Route("/"),
    "programmes/<slug:programme_key>/": Route("/programmes/{programme_key}/"),
    "programmes/<slug:programme_key>/pages/<slug:slug>/": Route("/programmes/{programme_key}/pages/{slug}/"),
    "programmes/<slug:programme_key>/framework/": Route("/programmes/{programme_key}/framework/"),
    "programmes/<slug:programme_key>/pathways/<slug:pathway_key>/": Route(
        "/programmes/{programme_key}/pathways/{pathway_key}/"
    ),
    "programmes/<slug:programme_key>/sessions/": Route("/programmes/{programme_key}/sessions/"),
    "programmes/<slug:programme_key>/sessions/<slug:session_key>/": Route(SESSION + "/"),
    "programmes/<slug:programme_key>/library/": Route("/programmes/{programme_key}/library/"),
    "programmes/<slug:programme_key>/library/<slug:item_key>/": Route(
        "/programmes/{programme_key}/library/{item_key}/"
    ),
    "accounts/invitation/<str:uidb36>/<str:token>/": Route("/accounts/invitation/1/not-a-token/"),
    # Single sign-on (sso, and allauth's social accounts under both of its prefixes). No identity provider is set
    # up here, so the sign-in addresses answer 404 and the sign-up page has no sign-in to finish.
    "accounts/sign-in/organisation/": Route("/accounts/sign-in/organisation/"),
    "accounts/sign-in/organisation/<int:identity_provider_id>/": Route("/accounts/sign-in/organisation/1/"),
    "accounts/sign-in/signed-out/": Route("/accounts/sign-in/signed-out/"),
    "accounts/oidc/<str:provider_id>/login/": Route("/accounts/oidc/keystone/login/"),
    "accounts/oidc/<str:provider_id>/login/callback/": Route("/accounts/oidc/keystone/login/callback/"),
    "accounts/saml/(?P<organization_slug>[^/]+)/acs/": Route("/accounts/saml/northshire/acs/"),
    "accounts/saml/(?P<organization_slug>[^/]+)/acs/finish/": Route("/accounts/saml/northshire/acs/finish/"),
    "accounts/saml/(?P<organization_slug>[^/]+)/sls/": Route("/accounts/saml/northshire/sls/"),
    "accounts/saml/(?P<organization_slug>[^/]+)/metadata/": Route("/accounts/saml/northshire/metadata/"),
    "accounts/saml/(?P<organization_slug>[^/]+)/login/": Route("/accounts/saml/northshire/login/"),
    "accounts/3rdparty/": Route("/accounts/3rdparty/"),  # no one here has an identity to remove
    "accounts/3rdparty/signup/": Route("/accounts/3rdparty/signup/"),
    "accounts/3rdparty/login/cancelled/": Route("/accounts/3rdparty/login/cancelled/"),
    "accounts/3rdparty/login/error/": Route("/accounts/3rdparty/login/error/"),
    "accounts/social/connections/": Route("/accounts/social/connections/"),
    "accounts/social/signup/": Route("/accounts/social/signup/"),
    "accounts/social/login/cancelled/": Route("/accounts/social/login/cancelled/"),
    "accounts/social/login/error/": Route("/accounts/social/login/error/"),
    # Organisation pages (orgadmin) and staff lists (workforce): no client here holds a role, so no page shows them
    # their forms (the middleware refuses bad characters before any view); ids nobody may see answer 404.
    "organisations/": Route("/organisations/"),
    "organisations/new/": Route("/organisations/new/"),
    "organisations/upload/": Route("/organisations/upload/"),
    "organisations/platform-administrators/": Route("/organisations/platform-administrators/"),
    "organisations/platform-administrators/<int:user_id>/remove/": Route(
        "/organisations/platform-administrators/1/remove/"
    ),
    "organisations/<int:organisation_id>/": Route("/organisations/1/"),
    "organisations/<int:organisation_id>/edit/": Route("/organisations/1/edit/"),
    "organisations/<int:organisation_id>/roles/": Route("/organisations/1/roles/"),
    "organisations/<int:organisation_id>/roles/<int:grant_id>/revoke/": Route("/organisations/1/roles/1/revoke/"),
    "organisations/licences/": Route("/organisations/licences/"),
    "organisations/licences/new/": Route("/organisations/licences/new/"),
    "organisations/licences/<int:licence_id>/": Route("/organisations/licences/1/"),
    "organisations/licences/<int:licence_id>/change/": Route("/organisations/licences/1/change/"),
    "organisations/sign-in/": Route("/organisations/sign-in/"),
    "organisations/sign-in/apps/new/openid-connect/": Route("/organisations/sign-in/apps/new/openid-connect/"),
    "organisations/sign-in/apps/new/saml/": Route("/organisations/sign-in/apps/new/saml/"),
    "organisations/sign-in/apps/<int:app_id>/": Route("/organisations/sign-in/apps/1/"),
    "organisations/sign-in/identity-providers/new/": Route("/organisations/sign-in/identity-providers/new/"),
    "organisations/sign-in/identity-providers/<int:identity_provider_id>/": Route(
        "/organisations/sign-in/identity-providers/1/"
    ),
    "organisations/sign-in/identity-providers/<int:identity_provider_id>/change/": Route(
        "/organisations/sign-in/identity-providers/1/change/"
    ),
    "organisations/sign-in/identity-providers/<int:identity_provider_id>/scopes/": Route(
        "/organisations/sign-in/identity-providers/1/scopes/"
    ),
    "organisations/sign-in/identity-providers/<int:identity_provider_id>/scopes/<int:mapping_id>/remove/": Route(
        "/organisations/sign-in/identity-providers/1/scopes/1/remove/"
    ),
    "organisations/sign-in/identity-providers/<int:identity_provider_id>/roles/": Route(
        "/organisations/sign-in/identity-providers/1/roles/"
    ),
    "organisations/sign-in/identity-providers/<int:identity_provider_id>/roles/<int:mapping_id>/remove/": Route(
        "/organisations/sign-in/identity-providers/1/roles/1/remove/"
    ),
    "staff/": Route("/staff/"),
    # Cohorts (issue 12): no client here may run cohorts, and no cohort 1 is theirs (404); joining is a learner's.
    "cohorts/": Route("/cohorts/"),
    "cohorts/new/": Route("/cohorts/new/"),
    "cohorts/assign/": Route("/cohorts/assign/"),
    "cohorts/join/": Route("/cohorts/join/", ("code", "share")),
    "cohorts/<int:cohort_id>/": Route("/cohorts/1/"),
    "cohorts/<int:cohort_id>/members/": Route("/cohorts/1/members/"),
    "cohorts/<int:cohort_id>/members/upload/": Route("/cohorts/1/members/upload/"),
    "cohorts/<int:cohort_id>/join-code/": Route("/cohorts/1/join-code/"),
    "cohorts/<int:cohort_id>/members/<int:user_id>/remove/": Route("/cohorts/1/members/1/remove/"),
    "cohorts/<int:cohort_id>/delete/": Route("/cohorts/1/delete/"),
    "cohorts/<int:cohort_id>/my-membership/": Route("/cohorts/1/my-membership/"),
    "staff/staff.csv": Route("/staff/staff.csv"),
    "staff/enrol/": Route("/staff/enrol/"),
    "staff/upload/": Route("/staff/upload/"),
    "staff/uploads/<int:upload_id>/": Route("/staff/uploads/1/"),
    "staff/uploads/<int:upload_id>/commit/": Route("/staff/uploads/1/commit/"),
    # Records shared by permission (sharing, 0027): nothing is shared with these clients, so ids answer 404.
    "my-learning/sharing/": Route("/my-learning/sharing/"),
    "my-learning/sharing/new/": Route("/my-learning/sharing/new/"),
    "my-learning/sharing/<uuid:grant_uuid>/revoke/": Route(f"/my-learning/sharing/{UUID}/revoke/"),
    "my-learning/sharing/links/new/": Route("/my-learning/sharing/links/new/"),
    "my-learning/sharing/links/<uuid:link_uuid>/revoke/": Route(f"/my-learning/sharing/links/{UUID}/revoke/"),
    "shared-with-me/": Route("/shared-with-me/"),
    "shared-with-me/<uuid:grant_uuid>/": Route(f"/shared-with-me/{UUID}/"),
    "shared/<str:token>/": Route("/shared/not-a-token/"),
    # Completions for the Electronic Staff Record (esr): nobody here may see an organisation's reports (404), and
    # the API answers 401 without a token.
    "esr/": Route("/esr/"),
    "esr/<int:organisation_id>/": Route("/esr/1/"),
    "esr/<int:organisation_id>/completions.csv": Route("/esr/1/completions.csv"),
    "esr/<int:organisation_id>/tokens/": Route("/esr/1/tokens/"),
    "esr/<int:organisation_id>/tokens/<int:token_id>/revoke/": Route("/esr/1/tokens/1/revoke/"),
    "esr/<int:organisation_id>/reconciliation/": Route("/esr/1/reconciliation/"),
    "esr/<int:organisation_id>/reconciliation/<slug:kind>.csv": Route("/esr/1/reconciliation/no-esr-number.csv"),
    "api/esr/v1/completions": Route("/api/esr/v1/completions"),
    "api/esr/v1/openapi.json": Route("/api/esr/v1/openapi.json"),
    "reports/": Route("/reports/"),
    "reports/session/": Route("/reports/session/"),
    "reports/subscribe/": Route("/reports/subscribe/"),
    "reports/person.csv": Route("/reports/person.csv"),
    "reports/person.xlsx": Route("/reports/person.xlsx"),
    "reports/session.csv": Route("/reports/session.csv"),
    "reports/session.xlsx": Route("/reports/session.xlsx"),
    # The Learning Record Store (lrs, 0029): a machine API with HTTP Basic credentials, so 401 without them.
    "xapi/about": Route("/xapi/about"),
    "xapi/statements": Route("/xapi/statements"),
}
# The admin's patterns depend on the models registered with it, so they are made from the patterns themselves.
ADMIN_VALUES = {"object_id": "1", "content_type_id": "1", "app_label": "auth", "url": "no-such-page/"}

# (bytes as sent, what the page must say about them). Each sits at character 2 of the value "a…b".
BAD = [
    (b"\x00", "a character that cannot be stored: U+0000 (NULL)"),
    (b"\x1b", "a character that cannot be stored: U+001B (ESCAPE)"),
    (b"\x7f", "a character that cannot be stored: U+007F (DELETE)"),
    ("\x85".encode(), "a character that cannot be stored: U+0085 (a C1 control character)"),
    ("\ufffe".encode(), "a character that cannot be stored: U+FFFE (a noncharacter)"),
    (b"\xed\xa0\x80", "bytes that are not valid UTF-8: ED A0 80 (an encoded lone surrogate, U+D800)"),
]
MULTIPART = "multipart/form-data; boundary=B"


def all_routes() -> list[str]:
    """Every URL pattern under the root URLconf, joined the way Django names a match's route."""
    found: list[str] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            route = URLResolver._join_route(prefix, str(pattern.pattern))  # Django joins routes this way for a match
            if isinstance(pattern, URLPattern):
                found.append(route)
            else:
                walk(pattern, route)

    walk(get_resolver(), "")
    return found


def admin_address(route: str) -> str:
    template = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", lambda m: "{" + (m[1] or m[2]) + "}", route)
    return "/" + template.replace("^", "").replace("$", "")


def address_of(route: str) -> str:
    return ROUTES[route].address if route in ROUTES else admin_address(route)


# --- The world the addresses point into ------------------------------------------------------


@dataclass
class World:
    values: dict[str, str]
    clients: dict[str, Client]

    def address(self, route: str, **override: str) -> str:
        return address_of(route).format(**{**self.values, **override})


def reauthenticated(email: str) -> Client:
    client = Client(raise_request_exception=False)
    user = make_learner(email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)  # two-factor needs it
    client.force_login(user)
    # allauth asks for the password again before account and two-factor changes; this answers it up front.
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def world(loaded_example: Path) -> World:
    learner_client = reauthenticated("learner@nhs.net")
    play_everything(learner_client)  # a completion, and so a certificate to address
    number = re.search(r"/certificates/([^/\"]+)\.pdf", learner_client.get("/my-learning/").content.decode())
    assert number, "the learner should have a certificate"
    # Someone else's unconfirmed address (an unconfirmed one of the learner's own would stop them turning on
    # two-factor), for the confirmation and password reset links.
    pending = EmailAddress.objects.create(user=make_learner("pending@nhs.net"), email="pending@nhs.net")

    two_factor = reauthenticated("two.factor@nhs.net")
    user = get_user_model().objects.get(email="two.factor@nhs.net")
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    no_password = Client(raise_request_exception=False)
    no_password.force_login(get_user_model().objects.create_user("made.by.an.admin@nhs.net", None))
    signing_in = Client(raise_request_exception=False)
    response = signing_in.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"

    values = {
        "programme_key": "example",
        "session_key": "speaking-up",
        "version": "1",
        "page": "3",
        "slug": "about",
        "pathway_key": "by-theme",
        "item_key": "speaking-up-article",
        "file_format": "csv",
        "number": number.group(1),
        "key": EmailConfirmationHMAC(pending).key,
        "uidb36": user_pk_to_url_str(pending.user),
        "reset_key": default_token_generator.make_token(pending.user),
        **ADMIN_VALUES,
    }
    clients = {
        "a visitor": Client(raise_request_exception=False),
        "a learner": learner_client,
        "a learner with two-factor on": two_factor,
        "a learner without a password": no_password,
        "someone signing in with two-factor": signing_in,
    }
    return World(values, clients)


# --- Reading forms off the pages --------------------------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class FormReader(HTMLParser):
    """Each <form> on a page with the values a browser would send for its fields."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.in_select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urlsplit(urljoin(f"http://testserver{self.page}", attributes.get("action") or self.page))
            target = action.path + (f"?{action.query}" if action.query else "")
            self.current = Form(self.page, target, (attributes.get("method") or "get").lower())
        elif self.current is not None and tag in {"input", "textarea", "select", "button"} and attributes.get("name"):
            name = attributes["name"]
            self.current.fields.setdefault(name, attributes.get("value") or "x")
            self.in_select = name if tag == "select" else None
        elif self.current is not None and tag == "option" and self.in_select and attributes.get("value"):
            self.current.fields[self.in_select] = attributes["value"]  # a real choice rather than the prompt
            self.in_select = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None


def reading_order(route: str) -> int:
    if route == "programmes/<slug:programme_key>/":
        return 0  # it offers "Add to my learning" only until the learner has added the programme
    if route.startswith(("accounts/confirm-email/(", "accounts/password/reset/key/(")):
        return 2  # following someone else's confirmation or password reset link signs you out
    return 1


def forms_on_every_page(world: World) -> list[tuple[str, Form]]:
    found: dict[tuple[str, str, str, tuple[str, ...]], tuple[str, Form]] = {}
    routes = sorted(all_routes(), key=reading_order)
    for kind, client in world.clients.items():
        for route in routes:
            pages = [world.address(route)]
            if route in ROUTES:
                pages += [page.format(**world.values) for page in ROUTES[route].more_pages]
            for page in pages:
                response = client.get(page, follow=True)
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                final = response.redirect_chain[-1][0] if response.redirect_chain else page
                reader = FormReader(urlsplit(final).path)
                reader.feed(response.content.decode())
                for form in reader.forms:
                    # One of each form per client: the admin's sign-in form appears with every ?next=.
                    key = (kind, urlsplit(form.action).path, form.method, tuple(sorted(form.fields)))
                    found.setdefault(key, (kind, form))
    return list(found.values())


# --- Sending bad characters ------------------------------------------------------------------


def urlencoded(fields: dict[str, bytes]) -> bytes:
    return b"&".join(quote(name).encode() + b"=" + quote(value).encode() for name, value in fields.items())


def multipart(fields: dict[str, bytes]) -> bytes:
    part = b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
    return b"".join(part % (name.encode(), value) for name, value in fields.items()) + b"--B--\r\n"


def refusal_problem(response, expected: str) -> str | None:  # type: ignore[no-untyped-def]
    """What is wrong with a response that should have refused the request with `expected`, or None."""
    body = html.unescape(response.content.decode(errors="replace"))
    if response.status_code != 400:
        return f"status {response.status_code}"
    if expected not in body:
        found = re.findall(r"<li>(.*?)</li>", body, re.DOTALL)
        return f"the page does not say “{expected}”; it says {found}"
    return None


def post_each_field_bad(client: Client, target: str, fields: dict[str, str], failures: list[str], who: str) -> int:
    sent = 0
    for name in fields:
        for raw, description in BAD:
            values = {key: value.encode() for key, value in fields.items()} | {name: b"a" + raw + b"b"}
            expected = f"The field “{name}” contains {description} at character 2. Remove it and send the form again."
            for content_type, body in (("application/x-www-form-urlencoded", urlencoded), (MULTIPART, multipart)):
                response = client.post(target, body(values), content_type=content_type)
                sent += 1
                if (problem := refusal_problem(response, expected)) is not None:
                    failures.append(f"{who}: POST {target} ({content_type.split(';')[0]}) {name}={raw!r}: {problem}")
    return sent


# --- The tests --------------------------------------------------------------------------------


def test_every_url_pattern_has_an_address_here() -> None:
    routes = all_routes()
    missing = [route for route in routes if route not in ROUTES and not route.startswith("admin/")]
    assert not missing, f"add these URL patterns to ROUTES in {__file__}: {missing}"
    stale = [route for route in ROUTES if route not in routes]
    assert not stale, f"these are no longer URL patterns; remove them from ROUTES: {stale}"


def test_every_address_here_is_its_pattern_and_answers_without_a_server_error(world: World) -> None:
    failures = []
    for route in all_routes():
        address = world.address(route)
        if resolve(urlsplit(address).path).route != route:
            failures.append(f"{address} is not an address of {route}")
        for who in ("a visitor", "a learner"):
            response = world.clients[who].get(address)
            if response.status_code >= 500:
                failures.append(f"{who}: GET {address}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_bad_character_in_any_path_parameter_is_refused_naming_the_address(world: World) -> None:
    failures, covered = [], set()
    for route in all_routes():
        template = address_of(route)
        for parameter in re.findall(r"\{(\w+)\}", template):
            for raw, description in BAD:
                address = world.address(route, **{parameter: "a" + quote(raw) + "b"})
                at = template.format(**{**world.values, parameter: "\0"}).index("\0") + 2
                expected = f"The address contains {description} at character {at}."
                covered.add(parameter)
                for who in ("a visitor", "a learner"):
                    if (problem := refusal_problem(world.clients[who].get(address), expected)) is not None:
                        failures.append(f"{who}: GET {address}: {problem}")
    assert {"programme_key", "session_key", "version", "page", "number", "key", "reset_key", "object_id"} <= covered
    assert not failures, "\n".join(failures)


def test_a_bad_character_in_any_query_parameter_or_its_name_is_refused_naming_it(world: World) -> None:
    failures = []
    for route in all_routes():
        address = world.address(route)
        for raw, description in BAD:
            cases = [
                (f"q=a{quote(raw)}b", f"The address parameter “q” contains {description} at character 2."),
                (
                    f"a{quote(raw)}b=1",
                    f"The name of an address parameter (“a?b”) contains {description} at character 2.",
                ),
            ]
            for query, expected in cases:
                for who in ("a visitor", "a learner"):
                    if (problem := refusal_problem(world.clients[who].get(f"{address}?{query}"), expected)) is not None:
                        failures.append(f"{who}: GET {address}?{query}: {problem}")
    assert not failures, "\n".join(failures)


def test_a_bad_character_in_any_field_posted_to_any_address_is_refused_naming_the_field(world: World) -> None:
    failures: list[str] = []
    for route in all_routes():
        address = world.address(route)
        fields = dict.fromkeys(ROUTES[route].fields if route in ROUTES else (), "x") | {"q": "x"}
        for who in ("a visitor", "a learner"):
            post_each_field_bad(world.clients[who], address, fields, failures, who)
    assert not failures, "\n".join(failures)


def test_every_form_on_every_page_refuses_a_bad_character_in_each_of_its_fields(world: World) -> None:
    forms = forms_on_every_page(world)
    failures: list[str] = []
    seen: dict[str, set[str]] = {}
    for who, form in forms:
        route = resolve(urlsplit(form.action).path).route
        seen.setdefault(route, set()).update(form.fields)
        if form.method == "post":
            post_each_field_bad(world.clients[who], form.action, form.fields, failures, f"{who} on {form.page}")
            continue
        for name in form.fields:  # a GET form (checking a certificate) puts its fields in the address
            for raw, description in BAD:
                query = "&".join(
                    f"{quote(k)}={quote(b'a' + raw + b'b') if k == name else quote(v)}" for k, v in form.fields.items()
                )
                address = f"{form.action}{'&' if '?' in form.action else '?'}{query}"
                response = world.clients[who].get(address)
                expected = f"The address parameter “{name}” contains {description} at character 2."
                if (problem := refusal_problem(response, expected)) is not None:
                    failures.append(f"{who} on {form.page}: GET {address}: {problem}")
    assert not failures, "\n".join(failures)
    # The fields named in ROUTES are the ones the pages really have (the beacon's come from a script).
    script_only = {"programmes/<slug:programme_key>/sessions/<slug:session_key>/v<int:version>/time/"}
    unseen = {
        route: sorted(set(spec.fields) - seen.get(route, set()))
        for route, spec in ROUTES.items()
        if route not in script_only and set(spec.fields) - seen.get(route, set())
    }
    assert not unseen, f"no page showed a form posting these fields: {unseen}"
    for expected in (
        "accounts/signup/",
        "accounts/2fa/authenticate/",
        "accounts/2fa/totp/deactivate/",
        "my-learning/enrol/<slug:programme_key>/",
        "accounts/2fa/recovery-codes/generate/",
    ):
        assert expected in seen, f"no form posting to {expected} was found"
