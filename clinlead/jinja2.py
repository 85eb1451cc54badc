"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros, and the parts every page
shares (the service's name, its navigation and its footer), whichever app drew the page."""

import datetime
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, select_autoescape

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.organisations import api as organisations
from clinlead.wording import date_in_words, minutes_in_words, number_of, seconds_in_words

# The site's own pages in every footer, by their slug in the programme's pages/ folder (content/<programme>/pages/),
# in the order shown. A programme without one of them simply has no link to it.
FOOTER_PAGES = (
    ("accessibility", "Accessibility statement"),
    ("privacy", "Privacy notice"),
    ("cookies", "Cookies"),
    ("terms", "Terms of use"),
    ("contact", "Contact and help"),
)
# The service's name when no programme has been published (a new installation) or the database cannot be asked.
FALLBACK_SERVICE_NAME = "clinlead"


@dataclass(frozen=True)
class ServiceChrome:
    """What the header and footer need about a programme: its name and which footer pages it has."""

    key: str
    title: str
    footer_slugs: frozenset[str]


class _ChromeCache:
    """Per process, for a minute: the header of every page would otherwise ask the database for the programme's
    name and pages. Content is published by a command in another process, so only a time limit can see it; a
    new title shows within a minute. Tests clear it between tests (conftest.py), as each has its own content.
    Not Django's cache framework: in production that is Redis, a network round trip on every page for a few
    bytes, and the 500 page must still find the name when Redis and the database are the very things failing."""

    SECONDS = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, ServiceChrome | None]] = {}

    def get(self, name: str) -> tuple[bool, ServiceChrome | None]:
        with self._lock:
            entry = self._entries.get(name)
        if entry is None or time.monotonic() - entry[0] > self.SECONDS:
            return False, None
        return True, entry[1]

    def put(self, name: str, value: ServiceChrome | None) -> None:
        with self._lock:
            self._entries[name] = (time.monotonic(), value)

    def latest(self) -> ServiceChrome | None:
        """The programme most recently looked up, however long ago."""
        with self._lock:
            entries = sorted(self._entries.values(), key=lambda entry: entry[0], reverse=True)
        return next((chrome for _, chrome in entries if chrome is not None), None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


chrome_cache = _ChromeCache()
_DEFAULT = "default programme"


def _chrome_of(key: str) -> ServiceChrome | None:
    try:
        overview = catalogue.programme_overview(key)
    except catalogue.NotFound:
        return None
    slugs = frozenset(page.slug for page in overview.pages)
    return ServiceChrome(key, overview.programme.title, slugs & {slug for slug, _ in FOOTER_PAGES})


def service_chrome(programme: Any = None) -> ServiceChrome | None:
    """The programme a page belongs to (`programme` in its context) or else the default one: the first
    published programme by title, the only one while we ship one. None before any is published."""
    if programme:
        name = programme.key
    else:
        found, default = chrome_cache.get(_DEFAULT)
        if found:
            return default
        programmes = catalogue.list_programmes()
        name = programmes[0].key if programmes else ""
        if not name:
            chrome_cache.put(_DEFAULT, None)
            return None
    found, chrome = chrome_cache.get(name)
    if not found:
        chrome = _chrome_of(name)
        chrome_cache.put(name, chrome)
    if not programme:
        chrome_cache.put(_DEFAULT, chrome)
    return chrome


def cached_service_chrome() -> ServiceChrome | None:
    """The default programme if this process knows it, or else the last programme it showed: for the page
    shown when the server fails, which must not ask the database (it may be what failed)."""
    found, default = chrome_cache.get(_DEFAULT)
    return default if found and default else chrome_cache.latest()


def programme_navigation(chrome: ServiceChrome | None, path: str) -> list[dict[str, Any]]:
    """The programme's sections for the header. The section being shown is marked: `current` (the section's
    own page, aria-current="page") or `active` (a page inside it, aria-current="true")."""
    if chrome is None:
        return []
    home = reverse("website:programme", args=[chrome.key])
    sections = [
        ("Programme", home, (f"{home}pages/",)),
        ("Framework", reverse("website:framework", args=[chrome.key]), ()),
        ("Sessions", reverse("website:sessions", args=[chrome.key]), (f"{home}pathways/",)),
        ("Library", reverse("website:library", args=[chrome.key]), ()),
    ]
    items = []
    for text, href, also in sections:
        inside = (href != home and path.startswith(href)) or any(path.startswith(prefix) for prefix in also)
        items.append({"href": href, "text": text, "current": path == href, "active": path != href and inside})
    return items


def footer_links(chrome: ServiceChrome | None) -> list[dict[str, str]]:
    if chrome is None:
        return []
    return [
        {"href": reverse("website:page", args=[chrome.key, slug]), "text": text}
        for slug, text in FOOTER_PAGES
        if slug in chrome.footer_slugs
    ]


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """2 December 2026 (see clinlead.wording); nothing for a date not set."""
    return "" if value is None else date_in_words(value)


def environment(**options: Any) -> Environment:
    # nhsuk-frontend-jinja's macros read optional nested parameters, which needs ChainableUndefined.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    # Pages are escaped; the plain-text bodies of emails and messages (.txt) are not, or "you're" would
    # arrive as "you&#39;re".
    options["autoescape"] = select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True)
    env = Environment(**options)  # noqa: S701 - autoescape is set on the line above
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "service_chrome": service_chrome,
            "cached_service_chrome": cached_service_chrome,
            "programme_navigation": programme_navigation,
            "footer_links": footer_links,
            "footer_page_slugs": frozenset(slug for slug, _ in FOOTER_PAGES),
            "fallback_service_name": FALLBACK_SERVICE_NAME,
            "site_url": settings.SITE_URL,
            "eligible_email_domains": accounts.eligible_email_domains,
        }
    )
    env.filters["long_date"] = long_date
    env.filters["duration"] = seconds_in_words
    env.filters["minutes"] = minutes_in_words  # 1 minute, 15 minutes, 1 hour 5 minutes
    env.globals["number_of"] = number_of  # 1 session, 3 sessions
    env.globals["holds_any_role"] = holds_any_role  # the header's "Your organisations" (orgpages)
    return env


# The organisation pages (orgpages): whether the header links to them.
def holds_any_role(request: Any) -> bool:
    """Whether the signed-in person holds a role at some organisation: one query, asked once per request however
    many times the page's templates ask (the header is drawn on every page, and pages bound their queries)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    known = getattr(request, "_clinlead_holds_any_role", None)
    if known is None:
        known = organisations.holds_any_role(user.pk)
        request._clinlead_holds_any_role = known
    return bool(known)
