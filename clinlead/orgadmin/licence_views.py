"""Licence pages: platform administrators record and change licences; organisation administrators see their
organisations' licences and how many seats were in use month by month. A licence outside someone's scope is
not found (404), so its existence is not given away; the permission rule is `organisations.can`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.organisations import api as organisations

from .licence_forms import LicenceForm, initial_of

Action = organisations.Action


def _visible(user_id: int, licence_id: int) -> organisations.LicenceData:
    """The licence, if the person may see it; otherwise not found, whether or not it exists."""
    licence = organisations.licence(licence_id)
    if licence is None or not organisations.can(user_id, Action.VIEW_LICENCES, licence.organisation_id):
        raise Http404("No such licence among your organisations' licences")
    return licence


def _titles() -> dict[str, str]:
    return {p.key: p.title for p in catalogue.list_programmes()}


def _crumbs() -> list[dict[str, str]]:
    return [{"text": "Licences", "href": reverse("orgadmin:licences")}]


@login_required
def licences(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    where = organisations.scope(user_id, Action.VIEW_LICENCES)
    if where.nowhere:
        raise PermissionDenied("Only organisation and platform administrators see licences")
    context = {
        "page_title": "Licences",
        "licences": organisations.licences_in(where),
        "titles": _titles(),
        "today": timezone.localdate(),
        "may_manage": organisations.can(user_id, Action.MANAGE_LICENCES, None),
    }
    return render(request, "orgadmin/licences/list.html", context)


@login_required
def licence(request: HttpRequest, licence_id: int) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    found = _visible(user_id, licence_id)
    context = {
        "page_title": f"Licence for {found.organisation_name}",
        "licence": found,
        "titles": _titles(),
        "today": timezone.localdate(),
        "seat_use": organisations.seat_use_by_month(found.id),
        "may_manage": organisations.can(user_id, Action.MANAGE_LICENCES, None),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "orgadmin/licences/licence.html", context)


def _form_page(request: HttpRequest, form: LicenceForm, title: str, status: int = 200) -> HttpResponse:
    context = {"page_title": title, "form": form, "breadcrumbs": _crumbs()}
    return render(request, "orgadmin/licences/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def new_licence(request: HttpRequest) -> HttpResponse:
    if not organisations.can(accounts.signed_in_user_id(request), Action.MANAGE_LICENCES, None):
        raise PermissionDenied("Only platform administrators record licences")
    form = LicenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (saved := form.save()):
        messages.success(request, f"The licence for {saved.organisation_name} is recorded: {saved.seats} seats.")
        return redirect("orgadmin:licence", saved.id)
    return _form_page(request, form, "Record a licence")


@login_required
@require_http_methods(["GET", "POST"])
def change_licence(request: HttpRequest, licence_id: int) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    found = _visible(user_id, licence_id)
    if not organisations.can(user_id, Action.MANAGE_LICENCES, None):
        raise PermissionDenied("Only platform administrators change licences")
    form = LicenceForm(request.POST or None, initial=initial_of(found), kept_keys=found.programme_keys)
    if request.method == "POST" and form.is_valid() and (saved := form.save(found.id)):
        messages.success(request, f"The licence for {saved.organisation_name} is changed.")
        return redirect("orgadmin:licence", saved.id)
    return _form_page(request, form, f"Change the licence for {found.organisation_name}")
