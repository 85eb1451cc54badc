"""Single sign-on's set-up pages for identity providers: adding and changing one, and on its own page, the scope
mappings and role mappings that say which organisations vouch and which roles are granted (docs/decisions/0024).
For platform administrators only (manage_views.for_platform_administrators)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinlead.organisations import api as organisations

from . import services
from .manage_views import breadcrumbs, for_platform_administrators, posted
from .models import IdentityProvider, RoleMapping, ScopeMapping
from .provider_forms import IdentityProviderForm, RoleMappingForm, ScopeMappingForm
from .sign_in_apps import sign_in_apps


def _provider(identity_provider_id: int) -> IdentityProvider:
    found = IdentityProvider.objects.filter(pk=identity_provider_id).first()
    if found is None:
        raise Http404("No such identity provider")
    return found


def _code(organisation_id: int | None) -> str:
    found = organisations.organisations_by_id([organisation_id]).get(organisation_id) if organisation_id else None
    return found.code if found else ""


@for_platform_administrators
def add_identity_provider(request: HttpRequest) -> HttpResponse:
    return _identity_provider_form(request, None, {"active": True})


@for_platform_administrators
def change_identity_provider(request: HttpRequest, identity_provider_id: int) -> HttpResponse:
    found = _provider(identity_provider_id)
    initial = {
        "name": found.name,
        "kind": found.kind,
        "entity_id": found.entity_id,
        "app_id": found.app_id,
        "organisation_code": _code(found.organisation_id),
        "search_terms": found.search_terms,
        "active": found.active,
    }
    return _identity_provider_form(request, found, initial)


def _identity_provider_form(
    request: HttpRequest, found: IdentityProvider | None, initial: dict[str, Any]
) -> HttpResponse:
    form = IdentityProviderForm(posted(request), initial=initial, apps=sign_in_apps())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_identity_provider(
                found.pk if found else None,
                name=data["name"],
                kind=data["kind"],
                entity_id=data["entity_id"],
                app_id=data["app_id"],
                organisation_id=data["organisation_id"],
                search_terms=data["search_terms"].strip(),
                active=data["active"],
            )
        except services.SetupProblem as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            messages.success(request, f"The identity provider {data['name']} was {'changed' if found else 'added'}.")
            return redirect("sso-manage:identity-provider", saved)
    title = f"Change {found.name}" if found else "Add an identity provider"
    trail = [(found.name, _here(found)), ("Change", "")] if found else [(title, "")]
    context = {"page_title": title, "form": form, "provider": found, "breadcrumbs": breadcrumbs(*trail)}
    return render(request, "sso/manage/identity_provider_form.html", context)


def _here(found: IdentityProvider) -> str:
    return reverse("sso-manage:identity-provider", args=[found.pk])


def _page(
    request: HttpRequest,
    found: IdentityProvider,
    scope_form: ScopeMappingForm | None = None,
    role_form: RoleMappingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scopes = list(ScopeMapping.objects.filter(identity_provider=found).order_by("scope"))
    roles = list(RoleMapping.objects.filter(identity_provider=found).order_by("value"))
    ids = {found.organisation_id} | {m.organisation_id for m in scopes} | {m.organisation_id for m in roles}
    by_id = organisations.organisations_by_id([i for i in ids if i])
    context = {
        "page_title": found.name,
        "provider": found,
        "organisation": by_id.get(found.organisation_id) if found.organisation_id else None,
        "scopes": [(m, by_id.get(m.organisation_id)) for m in scopes],
        "roles": [(m, by_id.get(m.organisation_id) if m.organisation_id else None) for m in roles],
        "scope_form": scope_form or ScopeMappingForm(),
        "role_form": role_form or RoleMappingForm(),
        "breadcrumbs": breadcrumbs((found.name, "")),
    }
    return render(request, "sso/manage/identity_provider.html", context, status=status)


@for_platform_administrators
def identity_provider(request: HttpRequest, identity_provider_id: int) -> HttpResponse:
    """The identity provider, its scope mappings and its role mappings, each with a form to add one."""
    return _page(request, _provider(identity_provider_id))


@require_POST
@for_platform_administrators
def add_scope_mapping(request: HttpRequest, identity_provider_id: int) -> HttpResponse:
    found = _provider(identity_provider_id)
    form = ScopeMappingForm(request.POST)
    if form.is_valid():
        try:
            services.add_scope_mapping(found.pk, form.cleaned_data["scope"], form.cleaned_data["organisation_code"])
        except services.SetupProblem as problem:
            form.add_error(problem.field, problem.message)
        else:
            messages.success(request, f"The scope {form.cleaned_data['scope']} was mapped.")
            return redirect("sso-manage:identity-provider", found.pk)
    return _page(request, found, scope_form=form)


@require_POST
@for_platform_administrators
def remove_scope_mapping(request: HttpRequest, identity_provider_id: int, mapping_id: int) -> HttpResponse:
    found = _provider(identity_provider_id)
    if services.remove_scope_mapping(found.pk, mapping_id):
        messages.success(request, "The scope mapping was removed.")
    return redirect("sso-manage:identity-provider", found.pk)


@require_POST
@for_platform_administrators
def add_role_mapping(request: HttpRequest, identity_provider_id: int) -> HttpResponse:
    found = _provider(identity_provider_id)
    form = RoleMappingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_role_mapping(found.pk, data["value"], data["role"], data["organisation_code"])
        except services.SetupProblem as problem:
            form.add_error(problem.field, problem.message)
        else:
            messages.success(request, f"{data['value']} was mapped to a role.")
            return redirect("sso-manage:identity-provider", found.pk)
    return _page(request, found, role_form=form)


@require_POST
@for_platform_administrators
def remove_role_mapping(request: HttpRequest, identity_provider_id: int, mapping_id: int) -> HttpResponse:
    found = _provider(identity_provider_id)
    if services.remove_role_mapping(found.pk, mapping_id):
        messages.success(request, "The role mapping was removed.")
    return redirect("sso-manage:identity-provider", found.pk)
