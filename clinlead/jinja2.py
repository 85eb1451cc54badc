"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

import datetime
from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """25 November 2026: the form NHS.UK content uses (datetimes in the site's time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def duration(seconds: int) -> str:
    """1 hour 5 minutes; under a minute reads as "less than a minute"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "less than a minute"
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def environment(**options: Any) -> Environment:
    # nhsuk-frontend-jinja's macros read optional nested parameters, which needs ChainableUndefined.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options["autoescape"] = True
    env = Environment(**options)  # noqa: S701 - autoescape is set on the line above
    env.globals.update({"url": url, "static": static, "get_messages": get_messages})
    env.filters["long_date"] = long_date
    env.filters["duration"] = duration
    return env
