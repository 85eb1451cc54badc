"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

import datetime
from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from clinlead.wording import date_in_words, minutes_in_words, number_of, seconds_in_words


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """2 December 2026 (see clinlead.wording); nothing for a date not set."""
    return "" if value is None else date_in_words(value)


def environment(**options: Any) -> Environment:
    # nhsuk-frontend-jinja's macros read optional nested parameters, which needs ChainableUndefined.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options["autoescape"] = True
    env = Environment(**options)  # noqa: S701 - autoescape is set on the line above
    env.globals.update({"url": url, "static": static, "get_messages": get_messages})
    env.filters["long_date"] = long_date
    env.filters["duration"] = seconds_in_words
    env.filters["minutes"] = minutes_in_words  # 1 minute, 15 minutes, 1 hour 5 minutes
    env.globals["number_of"] = number_of  # 1 session, 3 sessions
    return env
