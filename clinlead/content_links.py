"""How content's references become this site's addresses, when a page that shows content is rendered.

Stored content keeps references (`session:giving-feedback`, `media:images/x.png`; see
clinlead/content/references.py), so the website's URL names and the static files' address live here
only, and can change without touching any stored session version (docs/decisions/0017).
"""

from typing import TypeVar

from django.templatetags.static import static
from django.urls import reverse

from clinlead.content.api import resolve_links

# The website's page for each kind of internal link; "framework" is the framework page, with an anchor
# for a domain.
_PAGES = {
    "session": "website:session",
    "page": "website:page",
    "library": "website:library-item",
    "pathway": "website:pathway",
}

T = TypeVar("T")


class SiteLinks:
    """This site's addresses for the references in one programme's content."""

    def __init__(self, programme_key: str) -> None:
        self.programme_key = programme_key

    def url(self, kind: str, key: str) -> str:
        if kind == "framework":
            url = reverse("website:framework", args=[self.programme_key])
            return f"{url}#domain-{key}" if key else url
        return reverse(_PAGES[kind], args=[self.programme_key, key])

    def media_url(self, path: str) -> str:
        return static(f"content/{self.programme_key}/{path}")


def linked(value: T, programme_key: str) -> T:
    """`value` (a page, a site page, a library item...) with every reference in it turned into an address."""
    return resolve_links(value, SiteLinks(programme_key))
