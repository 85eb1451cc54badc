"""The registry's pages: the organisations a person can see, one organisation, and (for platform administrators)
creating, changing and uploading them.

Every view asks the permission rule (organisations.api.can or scope). An organisation the person cannot see is
404, as if it did not exist, so nobody learns of organisations outside their own; one they can see but may not
change is 403 (docs/decisions/0020).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from .forms import OrganisationForm, RegistryUploadForm
from .problems import add_problems

Action = organisations.Action


def visible(user_id: int, organisation_id: int) -> organisations.OrganisationData:
    """The organisation, if the person can see it; 404 otherwise (whether or not it exists)."""
    if not organisations.can(user_id, Action.VIEW_ORGANISATION, organisation_id):
        raise Http404("No such organisation")
    found = organisations.organisation(organisation_id)
    if found is None:
        raise Http404("No such organisation")
    return found


def posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (which must say what to enter, not show a blank form)."""
    return request.POST if request.method == "POST" else None


def require(user_id: int, action: organisations.Action, organisation_id: int | None) -> None:
    """403 unless the person may do this here (None: across the whole service)."""
    if not organisations.can(user_id, action, organisation_id):
        raise PermissionDenied


def _page_number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 9 else 1


def _page_url(query: str, page: int) -> str:
    params = {key: value for key, value in (("q", query), ("page", str(page))) if value}
    return f"{reverse('orgadmin:organisations')}?{urlencode(params)}"


@login_required
def organisations_list(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    where = organisations.scope(user_id, Action.VIEW_ORGANISATION)
    if where.nowhere:
        raise PermissionDenied
    found = organisations.organisations_page(where, request.GET.get("q", ""), _page_number(request.GET.get("page", "")))
    context = {
        "page_title": "Your organisations",
        "found": found,
        "edits_registry": where.everywhere and organisations.can(user_id, Action.EDIT_REGISTRY, None),
        "sets_up_sign_in": where.everywhere and organisations.can(user_id, Action.MANAGE_SIGN_IN, None),
        # Trainers come here from the header's "Your organisations": their cohorts are one link away.
        "runs_cohorts": not organisations.scope(user_id, Action.RUN_COHORTS).nowhere,
        "previous_url": _page_url(found.query, found.page - 1) if found.page > 1 else "",
        "next_url": _page_url(found.query, found.page + 1) if found.page < found.pages else "",
    }
    return render(request, "orgadmin/organisations.html", context)


def _people_links(user_id: int, found: organisations.OrganisationData) -> list[dict[str, str]]:
    """The staff pages (workforce) for this organisation, where the person may use them (by URL name: the pages
    apps do not import each other)."""
    links = []
    if organisations.can(user_id, Action.VIEW_PEOPLE, found.id):
        links.append(
            {"href": f"{reverse('workforce:staff')}?organisation={found.id}", "text": f"Staff at {found.name}"}
        )
    if organisations.can(user_id, Action.REGISTER_PEOPLE, found.id):
        links.append({"href": reverse("workforce:upload"), "text": "Upload a staff list"})
    if organisations.can(user_id, Action.ENROL_PEOPLE, found.id):
        links.append({"href": reverse("workforce:enrol"), "text": "Assign sessions to staff"})
    if organisations.can(user_id, Action.RUN_COHORTS, found.id):
        links.append({"href": reverse("cohorts:index"), "text": "Your cohorts"})
    return links


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    found = visible(user_id, organisation_id)
    parent = organisations.organisation(found.parent_id) if found.parent_id else None
    context = {
        "page_title": found.name,
        "organisation": found,
        # The parent is named even when it is outside the person's view, but linked only when it is inside it.
        "parent": parent,
        "parent_visible": parent is not None and organisations.can(user_id, Action.VIEW_ORGANISATION, parent.id),
        "children": organisations.children(organisation_id),
        "edits_registry": organisations.can(user_id, Action.EDIT_REGISTRY, organisation_id),
        "grants_roles": organisations.can(user_id, Action.GRANT_ROLES, organisation_id),
        "people_links": _people_links(user_id, found),
        "breadcrumbs": [
            {"href": reverse("orgadmin:organisations"), "text": "Your organisations"},
            {"href": "", "text": found.name},
        ],
    }
    return render(request, "orgadmin/organisation.html", context)


def _edit_page(
    request: HttpRequest, form: OrganisationForm, organisation: organisations.OrganisationData | None
) -> HttpResponse:
    title = f"Change {organisation.name}" if organisation else "Add an organisation"
    return render(
        request,
        "orgadmin/organisation_form.html",
        {"page_title": title, "form": form, "organisation": organisation},
    )


def _saved(request: HttpRequest, form: OrganisationForm, organisation_id: int | None) -> HttpResponse | None:
    """Save a valid form; None (and the problems on the form) if the registry refused it."""
    try:
        saved = organisations.save_organisation(organisation_id, form.values())
    except organisations.RegistryProblems as refused:
        add_problems(form, refused.problems)
        return None
    messages.success(request, f"{saved.name} ({saved.code}) has been saved.")
    return redirect("orgadmin:organisation", saved.id)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    require(accounts.signed_in_user_id(request), Action.EDIT_REGISTRY, None)
    parent_code = request.GET.get("parent", "")[:20]
    form = OrganisationForm(posted(request), initial={"parent_code": parent_code, "eligible": False})
    if request.method == "POST" and form.is_valid():
        done = _saved(request, form, None)
        if done:
            return done
    return _edit_page(request, form, None)


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    found = visible(user_id, organisation_id)
    require(user_id, Action.EDIT_REGISTRY, organisation_id)
    parent = organisations.organisation(found.parent_id) if found.parent_id else None
    form = OrganisationForm(posted(request), initial=OrganisationForm.initial_for(found, parent.code if parent else ""))
    if request.method == "POST" and form.is_valid():
        done = _saved(request, form, organisation_id)
        if done:
            return done
    return _edit_page(request, form, found)


@login_required
def registry_upload(request: HttpRequest) -> HttpResponse:
    require(accounts.signed_in_user_id(request), Action.EDIT_REGISTRY, None)
    form = RegistryUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    problems: list[organisations.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = organisations.load_registry_text(form.cleaned_data["file"])
        except organisations.RegistryProblems as refused:
            problems = refused.problems
        else:
            messages.success(
                request,
                f"The registry has been loaded: {result.created} organisations added, {result.updated} changed, "
                f"{result.unchanged} as they were.",
            )
            return redirect("orgadmin:organisations")
    context = {
        "page_title": "Upload a registry file",
        "form": form,
        "problems": problems,
        "file_name": form.file_name,
    }
    return render(request, "orgadmin/registry_upload.html", context)
