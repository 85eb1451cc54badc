"""A learner's own pages. Every view reads only the signed-in learner's records."""

import json
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue

from . import services
from .overview import my_learning as my_learning_of
from .records import activity_rows
from .transcripts import transcript_of


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    mine = my_learning_of(accounts.signed_in_user_id(request), request.GET.get("pathway", ""))
    # ?group= opens that group's expander: where a link from the progress lists lands.
    context = {"mine": mine, "open_group": request.GET.get("group", ""), "page_title": "My learning"}
    return render(request, "mylearning/my_learning.html", context)


@login_required
@require_POST
def enrol(request: HttpRequest, programme_key: str) -> HttpResponse:
    """ "Add to my learning" on a programme page."""
    try:
        title = services.enrol(accounts.signed_in_user_id(request), programme_key)
    except catalogue.NotFound as error:
        raise Http404(str(error)) from error
    messages.success(request, f"{title} is in My learning.")
    return redirect("mylearning:index")


@login_required
@require_POST
def add_session(request: HttpRequest, programme_key: str, session_key: str) -> HttpResponse:
    """ "Add to My learning" on a session's page (mylearning/_add_to_my_learning.html): back to that page."""
    try:
        title = services.add_session(accounts.signed_in_user_id(request), programme_key, session_key)
    except catalogue.NotFound as error:
        raise Http404(str(error)) from error
    messages.success(request, f"{title} is in My learning.")
    return redirect("website:session", programme_key, session_key)


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    rows = activity_rows(accounts.signed_in_user_id(request))
    context = {"rows": rows, "page_title": "My activity"}
    return render(request, "mylearning/activity.html", context)


@login_required
def transcript(request: HttpRequest, file_format: str) -> HttpResponse:
    body, content_type = transcript_of(accounts.signed_in_user_id(request), file_format)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="transcript.{file_format}"'
    return response


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the learner, as JSON they can keep."""
    body = json.dumps(services.export(accounts.signed_in_user_id(request)), indent=2, default=str)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        check = accounts.confirm_before_deleting(
            request, request.POST.get("password", ""), request.POST.get("code", "")
        )
        if check.rate_limited:
            return render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
        if check.confirmed:
            logout(request)
            services.delete_account(user_id)
            messages.success(request, "Your account and your personal data have been deleted.")
            return redirect("/")
        errors = check.errors
    context = {
        "errors": errors,
        "error_list": [{"text": text, "href": f"#{name}"} for name, text in errors.items()],
        "needs_code": accounts.needs_second_factor(user_id),
        "page_title": "Delete your account",
    }
    return render(request, "mylearning/delete_account.html", context)
