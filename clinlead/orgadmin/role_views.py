"""Who holds which role at an organisation, granting and revoking them, and the platform administrators.

Seeing and changing an organisation's roles takes Action.GRANT_ROLES there (its administrators and those above,
and the platform administrators); an organisation outside the person's view is 404, one they see but whose roles
are not theirs to give is 403. organisations.api asks the rule again when granting and revoking.
"""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from .forms import EmailForm, GrantForm
from .problems import sentence
from .registry_views import posted, require, visible

Action = organisations.Action


def _with_people(holders: list[organisations.RoleHolder]) -> list[tuple[organisations.RoleHolder, object]]:
    people = accounts.people([holder.user_id for holder in holders])
    return [(holder, people.get(holder.user_id)) for holder in holders]


@login_required
def roles(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    found = visible(user_id, organisation_id)
    grantable = organisations.roles_grantable(user_id, organisation_id)
    if not grantable:
        raise PermissionDenied
    form = GrantForm(posted(request), roles=grantable)
    if request.method == "POST" and form.is_valid():
        try:
            granted = organisations.grant_role(
                user_id, form.cleaned_data["email"], form.cleaned_data["role"], organisation_id
            )
        except organisations.RoleProblem as refused:
            form.add_error(refused.field or None, sentence(refused.message))
        else:
            email = form.cleaned_data["email"].lower()
            messages.success(
                request,
                f"{email} was already {granted.role_label.lower()} at {found.name}."
                if granted.already_held
                else f"{email} is now {granted.role_label.lower()} at {found.name}.",
            )
            return redirect("orgadmin:roles", organisation_id)
    holders = organisations.role_holders(organisation_id)
    context = {
        "page_title": f"Roles at {found.name}",
        "organisation": found,
        "form": form,
        "granted_here": _with_people([h for h in holders if not h.inherited]),
        "granted_above": _with_people([h for h in holders if h.inherited]),
        "breadcrumbs": [
            {"href": reverse("orgadmin:organisations"), "text": "Your organisations"},
            {"href": reverse("orgadmin:organisation", args=[organisation_id]), "text": found.name},
            {"href": "", "text": "Roles"},
        ],
    }
    return render(request, "orgadmin/roles.html", context)


@login_required
def revoke(request: HttpRequest, organisation_id: int, grant_id: int) -> HttpResponse:
    """Asks first (GET), revokes on POST: a link must never take a role away."""
    user_id = accounts.signed_in_user_id(request)
    found = visible(user_id, organisation_id)
    require(user_id, Action.GRANT_ROLES, organisation_id)
    holder = organisations.grant_at(grant_id, organisation_id)
    if holder is None:
        raise Http404("No such role here")
    person = accounts.people([holder.user_id]).get(holder.user_id)
    if request.method == "POST":
        with contextlib.suppress(LookupError):  # revoked already, by someone else or by a second click
            organisations.revoke_role(user_id, grant_id, organisation_id)
        who = person.email if person else "The person"
        messages.success(request, f"{who} is no longer {holder.role_label.lower()} at {found.name}.")
        return redirect("orgadmin:roles", organisation_id)
    context = {"page_title": "Revoke a role", "organisation": found, "holder": holder, "person": person}
    return render(request, "orgadmin/revoke.html", context)


@login_required
def platform_administrators(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    require(user_id, Action.GRANT_ROLES, None)
    form = EmailForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            granted = organisations.add_platform_administrator(user_id, form.cleaned_data["email"])
        except organisations.RoleProblem as refused:
            form.add_error(refused.field or None, sentence(refused.message))
        else:
            email = form.cleaned_data["email"].lower()
            messages.success(
                request,
                f"{email} was already a platform administrator."
                if granted.already_held
                else f"{email} is now a platform administrator.",
            )
            return redirect("orgadmin:platform-administrators")
    context = {
        "page_title": "Platform administrators",
        "form": form,
        "administrators": _with_people(organisations.platform_administrators()),
        "breadcrumbs": [
            {"href": reverse("orgadmin:organisations"), "text": "Your organisations"},
            {"href": "", "text": "Platform administrators"},
        ],
    }
    return render(request, "orgadmin/platform_administrators.html", context)


@login_required
def remove_platform_administrator(request: HttpRequest, user_id: int) -> HttpResponse:
    """Asks first (GET), removes on POST; the last platform administrator stays, with the reason."""
    me = accounts.signed_in_user_id(request)
    require(me, Action.GRANT_ROLES, None)
    if not organisations.is_platform_administrator(user_id):
        raise Http404("Not a platform administrator")
    person = accounts.people([user_id]).get(user_id)
    problem = ""
    if request.method == "POST":
        try:
            organisations.remove_platform_administrator(me, user_id)
        except organisations.RoleProblem as refused:
            problem = sentence(refused.message)
        except LookupError:
            return redirect("orgadmin:platform-administrators")  # removed already
        else:
            who = person.email if person else "The person"
            messages.success(request, f"{who} is no longer a platform administrator.")
            return redirect("orgadmin:platform-administrators")
    context = {"page_title": "Remove a platform administrator", "person": person, "problem": problem}
    return render(request, "orgadmin/remove_platform_administrator.html", context)
