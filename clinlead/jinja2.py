"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    # nhsuk-frontend-jinja's macros read optional nested parameters, which needs ChainableUndefined.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options["autoescape"] = True
    env = Environment(**options)  # noqa: S701 - autoescape is set on the line above
    env.globals.update({"url": url, "static": static})
    return env
