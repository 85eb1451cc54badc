"""The ESR pages for an organisation's learning team: the export, its API tokens, and the reconciliation report.

Every page is about one organisation and asks `can` first: someone who may not see its reports gets 404 (the
organisation might as well not exist for them); tokens are made and revoked only by those who may grant roles
there (administrators, platform administrators), others who see the page get 403.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from . import exporting, reconciliation, tokens
from .ledger import ExportBusy
from .screens import reconciliation_csv, token_rows

Action = organisations.Action


def _reports_of(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and able to see the organisation's reports; the view gets (request, user id, organisation)."""

    @login_required
    @functools.wraps(view)
    def checked(request: HttpRequest, organisation_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        user_id = accounts.signed_in_user_id(request)
        if not organisations.can(user_id, Action.VIEW_REPORTS, organisation_id):
            raise Http404("no such organisation of yours")
        found = organisations.organisation(organisation_id)
        if found is None:
            raise Http404("no such organisation")
        return view(request, user_id, found, *args, **kwargs)

    return checked


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    where = organisations.scope(user_id, Action.VIEW_REPORTS)
    code = request.GET.get("code", "").strip().upper()
    error = ""
    if code:
        found = organisations.organisations_by_code([code]).get(code)
        if found is not None and organisations.can(user_id, Action.VIEW_REPORTS, found.id):
            return redirect("esr:organisation", organisation_id=found.id)
        error = f"You cannot see the reports of an organisation with the ODS code {code}: check the code"
    # The organisations at the top of the person's scope: the export of each covers everything below it.
    tops = [] if where.everywhere else _tops(where)
    context: dict[str, object] = {"page_title": "Completions for the Electronic Staff Record", "tops": tops}
    context |= {"code": code, "error": error, "everywhere": where.everywhere, "nowhere": where.nowhere}
    return render(request, "esr/index.html", context, status=400 if error else (403 if where.nowhere else 200))


def _tops(where: organisations.Scope) -> list[organisations.OrganisationData]:
    return [o for o in organisations.organisations_in(where) if o.path in where.paths]


@_reports_of
def organisation(request: HttpRequest, user_id: int, found: organisations.OrganisationData) -> HttpResponse:
    context = {
        "page_title": f"ESR completions: {found.name}",
        "organisation": found,
        "may_make_tokens": organisations.can(user_id, Action.GRANT_ROLES, found.id),
        "cursor": request.GET.get("cursor", ""),
    }
    return render(request, "esr/organisation.html", context)


@_reports_of
def completions_csv(request: HttpRequest, user_id: int, found: organisations.OrganisationData) -> HttpResponse:
    cursor = request.GET.get("cursor", "").strip()
    error, status = "", 200
    try:
        page = exporting.export_page(found.id, cursor)
    except exporting.BadCursor:
        error = (
            "This is not a cursor from an export of ours: copy it exactly from your last export's page or "
            "file name, or leave it empty for everything"
        )
        status = 400
    except ExportBusy as busy:
        error, status = f"The export could not start: {busy}. Nothing was exported and your cursor still holds.", 503
    if error:
        context = {
            "page_title": f"ESR completions: {found.name}",
            "organisation": found,
            "may_make_tokens": organisations.can(user_id, Action.GRANT_ROLES, found.id),
            "cursor": cursor,
            "error": error,
        }
        return render(request, "esr/organisation.html", context, status=status)
    response = HttpResponse(exporting.csv_text(page.rows), content_type="text/csv; charset=utf-8")
    name = exporting.file_name(found.code, cursor, page.next_cursor, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The cursor for the next incremental export: in the file name too, since a browser shows no headers.
    response["ESR-Next-Cursor"] = page.next_cursor
    return response


@_reports_of
def token_list(request: HttpRequest, user_id: int, found: organisations.OrganisationData) -> HttpResponse:
    if not organisations.can(user_id, Action.GRANT_ROLES, found.id):
        raise PermissionDenied("only an administrator of the organisation may make its API tokens")
    error, made, token = "", None, ""
    name = request.POST.get("name", "").strip() if request.method == "POST" else ""
    if request.method == "POST":
        if not name:
            error = "Enter a name for the token, such as the system that will use it"
        elif len(name) > 100:
            error = "Enter a name of at most 100 characters"
        else:
            made, token = tokens.make_token(found.id, name, user_id)
    context = {
        "page_title": f"ESR API tokens: {found.name}",
        "organisation": found,
        "tokens": token_rows(tokens.tokens_of(found.id)),
        "error": error,
        "made": made,
        "token": token,
        "name": "" if made else name,
    }
    return render(request, "esr/tokens.html", context, status=400 if error else 200)


@require_POST
@_reports_of
def revoke(request: HttpRequest, user_id: int, found: organisations.OrganisationData, token_id: int) -> HttpResponse:
    if not organisations.can(user_id, Action.GRANT_ROLES, found.id):
        raise PermissionDenied("only an administrator of the organisation may revoke its API tokens")
    if not tokens.revoke_token(found.id, token_id):
        raise Http404("no such token here")
    return redirect("esr:tokens", organisation_id=found.id)


@_reports_of
def reconciliation_page(request: HttpRequest, user_id: int, found: organisations.OrganisationData) -> HttpResponse:
    report = reconciliation.reconcile(found.id)
    context = {"page_title": f"ESR reconciliation: {found.name}", "organisation": found, "report": report}
    return render(request, "esr/reconciliation.html", context | {"kinds": reconciliation.KINDS})


@_reports_of
def reconciliation_download(
    request: HttpRequest, user_id: int, found: organisations.OrganisationData, kind: str
) -> HttpResponse:
    if kind not in reconciliation.KINDS:
        raise Http404("no such list")
    response = HttpResponse(reconciliation_csv(reconciliation.reconcile(found.id), kind), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="esr-{kind}-{found.code}.csv"'
    return response
