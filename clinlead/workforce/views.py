"""Staff lists for organisation managers: upload, follow the check, read the problems, commit, follow the commit.

Every view asks `organisations.api.scope` first: a person who may register nobody gets the page that says so
(403), and an upload is found only for the manager who sent it (404 for anyone else's id).
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations
from clinlead.tasks import api as tasks

from . import enrolling, exporting, screens, uploads
from .background import CHECK, COMMIT
from .seats import NotEnoughSeats


def _for_managers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and able to register people somewhere; the view gets the manager's id. Anyone else gets the
    page saying who these pages are for (403)."""

    @login_required
    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user_id = accounts.signed_in_user_id(request)
        if organisations.scope(user_id, organisations.Action.REGISTER_PEOPLE).nowhere:
            return screens.not_a_manager(request)
        return view(request, user_id, *args, **kwargs)

    return checked


@_for_managers
def staff(request: HttpRequest, manager: int) -> HttpResponse:
    page = screens.staff_page(manager, request.GET)
    return render(request, "workforce/staff.html", {"page_title": "Your staff", **page})


@_for_managers
def upload(request: HttpRequest, manager: int) -> HttpResponse:
    error = ""
    if request.method == "POST":
        sent = request.FILES.get("staff_list")
        if sent is None:
            error = "Choose a staff list to upload (a CSV or Excel file)"
        elif sent.size is not None and sent.size > uploads.MAX_UPLOAD_BYTES:
            error = f"The file is larger than {uploads.MAX_UPLOAD_BYTES // 1_000_000} MB: split it into smaller files"
        else:
            try:
                received = uploads.receive(manager, sent.name or "staff list", sent.read())
            except uploads.UploadRefused as refused:
                error = str(refused)
            else:
                run_id = tasks.start(CHECK, started_by=manager, upload_id=received.pk)
                uploads.note_task(received.pk, check_task_id=run_id)
                return redirect("workforce:upload-status", upload_id=received.pk)
    context = {"page_title": "Upload a staff list", "error": error, **screens.upload_help()}
    return render(request, "workforce/upload.html", context, status=400 if error else 200)


@_for_managers
def upload_status(request: HttpRequest, manager: int, upload_id: int) -> HttpResponse:
    found = uploads.upload_of(upload_id, manager)
    if found is None:
        raise Http404("no such upload of yours")
    screen = screens.upload_screen(found, manager)
    if request.headers.get("HX-Request") and screen.running is not None:
        return render(request, "workforce/_progress.html", {"screen": screen})
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # finished: show the whole page with its outcome
        return response
    return render(request, "workforce/upload_status.html", {"page_title": screen.title, "screen": screen})


@require_POST
@_for_managers
def commit(request: HttpRequest, manager: int, upload_id: int) -> HttpResponse:
    found = uploads.upload_of(upload_id, manager)
    if found is None:
        raise Http404("no such upload of yours")
    if uploads.may_commit(found):
        run_id = tasks.start(COMMIT, started_by=manager, upload_id=found.pk)
        uploads.note_task(found.pk, commit_task_id=run_id)
    return redirect("workforce:upload-status", upload_id=found.pk)


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Choose people and sessions (GET, or POST with problems), check the numbers, then confirm (POST confirm)."""
    user_id = accounts.signed_in_user_id(request)
    where = organisations.scope(user_id, organisations.Action.ENROL_PEOPLE)
    if where.nowhere:
        return screens.not_a_manager(request)
    on_offer = enrolling.offer()
    if on_offer is None:
        raise Http404("no programme has been loaded")
    groups, roles = organisations.staff_groups_and_job_roles(where)
    form = enrolling.EnrolForm(
        request.POST if request.method == "POST" else None,
        organisation_choices=organisations.organisations_in(where),
        groups=groups,
        roles=roles,
        on_offer=on_offer,
        today=timezone.localdate(),
    )
    context: dict[str, object] = {"page_title": "Assign sessions to your staff", "form": form, "offer": on_offer}
    if request.method == "POST" and form.is_valid() and not request.POST.get("back"):
        chosen = enrolling.plan(user_id, form)
        if request.POST.get("confirm") == "yes" and chosen.user_ids:
            try:
                done = enrolling.enrol(user_id, on_offer.programme_key, chosen)
            except NotEnoughSeats as short:
                context |= {"page_title": "Not enough licence seats", "plan": chosen, "short": short.message}
                return render(request, "workforce/enrol_check.html", context, status=409)
            messages.success(request, screens.enrolled_message(done, len(chosen.session_keys)))
            return redirect("workforce:staff")
        context |= {"page_title": "Check who you are assigning", "plan": chosen}
        return render(request, "workforce/enrol_check.html", context)
    return render(request, "workforce/enrol.html", context, status=400 if form.errors else 200)


@login_required
def staff_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The manager's staff (one organisation and below it, if chosen) as a CSV file, streamed."""
    user_id = accounts.signed_in_user_id(request)
    where = organisations.scope(user_id, organisations.Action.VIEW_PEOPLE)
    if where.nowhere:
        return screens.not_a_manager(request)
    chosen = request.GET.get("organisation", "")
    organisation_id = int(chosen) if chosen.isdigit() else None
    if organisation_id is not None and not organisations.can(
        user_id, organisations.Action.VIEW_PEOPLE, organisation_id
    ):
        raise Http404("no such organisation of yours")
    response = StreamingHttpResponse(exporting.staff_csv(user_id, organisation_id), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="staff.csv"'
    return response
