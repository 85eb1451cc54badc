"""Who signs in to single sign-on's set-up pages in these tests: a platform administrator, and people who may not."""

import html
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.http.response import HttpResponseBase
from django.test import Client

from clinlead.organisations.testing import employ, grant, load_sample_registry


@dataclass(frozen=True)
class Cast:
    platform: int  # administers the whole service
    administrator: int  # organisation administrator at the trust ZZ1
    manager: int  # organisation manager at the trust ZZ1
    learner: int  # works at the site ZZ101

    def client(self, user_id: int) -> Client:
        client = Client()
        client.force_login(get_user_model().objects.get(pk=user_id))
        return client


def make_cast() -> Cast:
    load_sample_registry()
    people = {
        part: get_user_model().objects.create_user(f"{part}@example.nhs.uk", None, first_name=part.title()).pk
        for part in ("platform", "administrator", "manager", "learner")
    }
    grant(people["platform"], "platform-administrator", None)
    grant(people["administrator"], "administrator", "ZZ1")
    grant(people["manager"], "manager", "ZZ1")
    employ(people["learner"], "ZZ101")
    return Cast(**people)


def text(response: HttpResponseBase) -> str:
    """The page's text with its character references read (“It’s”, not “It&#x27;s”)."""
    return html.unescape(str(response.content.decode()))  # type: ignore[attr-defined]
