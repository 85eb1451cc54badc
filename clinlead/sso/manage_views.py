"""Single sign-on's set-up pages for platform administrators (under /organisations/sign-in/): the sign-in apps and
identity providers, and adding or changing a sign-in app (identity providers' pages: provider_views.py).

Every page asks organisations.api.can(..., MANAGE_SIGN_IN, None): a signed-in person without it gets 403, as on the
registry's pages for platform administrators. Views parse the form and call one function of services.py.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from . import services
from .manage_forms import DEFAULT_MAP, OidcAppForm, SamlAppForm
from .models import IdentityProvider
from .sign_in_apps import OIDC, provider_ids_in_use, saved_app, sign_in_apps

Action = organisations.Action
View = Callable[..., HttpResponse]


def for_platform_administrators(view: View) -> View:
    """Signed out: to the sign-in page. Signed in without the right to set up single sign-on: 403."""

    @login_required
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not organisations.can(accounts.signed_in_user_id(request), Action.MANAGE_SIGN_IN, None):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.__doc__, guarded.__name__ = view.__doc__, view.__name__
    return guarded


def posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (which must say what to enter, not show a blank form)."""
    return request.POST if request.method == "POST" else None


def breadcrumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    return [
        {"href": reverse("orgadmin:organisations"), "text": "Your organisations"},
        {"href": reverse("sso-manage:index"), "text": "Single sign-on"},
        *({"href": href, "text": text} for text, href in trail),
    ]


@for_platform_administrators
def index(request: HttpRequest) -> HttpResponse:
    """The sign-in apps, with the addresses to register with each federation, and the identity providers."""
    providers = list(IdentityProvider.objects.order_by("name", "pk"))
    by_id = organisations.organisations_by_id([p.organisation_id for p in providers if p.organisation_id])
    context = {
        "page_title": "Single sign-on",
        "apps": sign_in_apps(),
        "providers": [(p, by_id.get(p.organisation_id) if p.organisation_id else None) for p in providers],
        "breadcrumbs": [*breadcrumbs()[:-1], {"href": "", "text": "Single sign-on"}],
    }
    return render(request, "sso/manage/index.html", context)


def _saved(request: HttpRequest, name: str, added: bool) -> HttpResponse:
    messages.success(request, f"The sign-in app {name} was {'added' if added else 'changed'}.")
    return redirect("sso-manage:index")


@for_platform_administrators
def add_oidc_app(request: HttpRequest) -> HttpResponse:
    return _oidc_app(request, None, {})


@for_platform_administrators
def add_saml_app(request: HttpRequest) -> HttpResponse:
    return _saml_app(request, None, {})


@for_platform_administrators
def change_app(request: HttpRequest, app_id: int) -> HttpResponse:
    """Change a sign-in app saved here (those set in the environment are not among them)."""
    app = saved_app(app_id)
    if app is None:
        raise Http404("No such sign-in app")
    if app.provider == OIDC:
        initial = {
            "provider_id": app.provider_id,
            "name": app.name,
            "profile": app.settings.get("profile", ""),
            "server_url": app.settings.get("server_url", ""),
            "client_id": app.client_id,
        }
        return _oidc_app(request, app_id, initial)
    return _saml_app(request, app_id, SamlAppForm.initial_for(app.settings or {}, app.provider_id, app.name))


def _oidc_app(request: HttpRequest, app_id: int | None, initial: dict[str, Any]) -> HttpResponse:
    form = OidcAppForm(posted(request), initial=initial, taken=provider_ids_in_use(app_id), changing=bool(app_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_oidc_app(
                app_id,
                provider_id=data["provider_id"],
                name=data["name"],
                profile=data["profile"],
                server_url=data["server_url"],
                client_id=data["client_id"],
                secret=data["secret"],
            )
        except services.SetupProblem as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            return _saved(request, data["name"], app_id is None)
    title = "Change an OpenID Connect sign-in app" if app_id else "Add an OpenID Connect sign-in app"
    context = {"page_title": title, "form": form, "breadcrumbs": breadcrumbs(("", title))}
    return render(request, "sso/manage/oidc_app.html", context)


def _saml_app(request: HttpRequest, app_id: int | None, initial: dict[str, Any]) -> HttpResponse:
    form = SamlAppForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
        taken=provider_ids_in_use(app_id),
        changing=bool(app_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_saml_app(
                app_id,
                slug=data["slug"],
                name=data["name"],
                entity_id=data["entity_id"],
                want_assertion_encrypted=data["want_assertion_encrypted"],
                attribute_mapping=data["attribute_map"],
                **data["values"],
            )
        except services.SetupProblem as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            return _saved(request, data["name"], app_id is None)
    title = "Change a SAML sign-in app" if app_id else "Add a SAML sign-in app"
    context = {"page_title": title, "form": form, "default_map": DEFAULT_MAP, "breadcrumbs": breadcrumbs(("", title))}
    return render(request, "sso/manage/saml_app.html", context)
