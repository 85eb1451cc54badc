"""Reports for managers: by person (with the summary and charts) and by session, each downloadable as CSV or XLSX
with the same filters.

Every view asks `organisations.api.scope` for VIEW_REPORTS first: someone who may see no report gets the page
that says who reports are for (403, as the staff pages do), and an organisation outside their scope is 404.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from . import building, charts, exports, monthly
from .filters import ReportForm
from .syllabus import Syllabus, syllabus

Viewer = tuple[int, ReportForm, Syllabus, list[organisations.OrganisationData]]


def _for_report_viewers(
    view: Callable[..., HttpResponse | StreamingHttpResponse],
) -> Callable[..., HttpResponse | StreamingHttpResponse]:
    """Signed in and allowed to see reports somewhere; the view gets the viewer's id and the filters, read."""

    @login_required
    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | StreamingHttpResponse:
        user_id = accounts.signed_in_user_id(request)
        where = organisations.scope(user_id, organisations.Action.VIEW_REPORTS)
        if where.nowhere:
            return render(request, "reports/not_a_manager.html", {"page_title": "Reports"}, status=403)
        chosen = request.GET.get("organisation", "")
        if chosen.isdigit() and not organisations.can(user_id, organisations.Action.VIEW_REPORTS, int(chosen)):
            raise Http404("no such organisation of yours")
        found = syllabus()
        if found is None:
            raise Http404("no programme has been loaded")
        choices = organisations.organisations_in(where)
        groups, roles = organisations.staff_groups_and_job_roles(where)
        form = ReportForm(request.GET, organisation_choices=choices, groups=groups, roles=roles, syllabus=found)
        return view(request, (user_id, form, found, choices), *args, **kwargs)

    return checked


def _population(viewer: Viewer) -> building.Population | None:
    """Everyone the report is about; None when a filter is not valid (the form says which)."""
    user_id, form, found, choices = viewer
    if not form.is_valid():  # always bound: no filters at all is a valid report of everyone
        return None
    return building.population(user_id, form, found, choices)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() and len(raw) < 7 else 1


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@_for_report_viewers
def by_person(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    _, form, found, _ = viewer
    context: dict[str, Any] = {"page_title": "Reports: by person", "form": form, "query": _query_without_page(request)}
    people = _population(viewer)
    if people is None:
        return render(request, "reports/by_person.html", context, status=400)
    shown = building.figures(people, found)
    page = _page_number(request)
    pages = max(1, -(-len(people.user_ids) // building.PAGE_SIZE))
    page = min(page, pages)
    on_page = people.user_ids[(page - 1) * building.PAGE_SIZE : page * building.PAGE_SIZE]
    context |= {
        "figures": shown,
        "charts": _charts(shown),
        "rows": building.person_rows(people, on_page),
        "page": page,
        "pages": pages,
    }
    return render(request, "reports/by_person.html", context)


def _charts(shown: building.Figures) -> list[dict[str, Any]]:
    """Each chart with the table of its figures, in the order the page shows them."""
    specs = [
        ("completions-by-month", "Completions by month", "Sessions completed in each month", shown.by_month,
         "Month", "Completions", None, ""),
        ("rate-by-module", "Completion rate by module", "Percentage of the module's sessions completed, per person",
         shown.by_module, "Module", "Completion rate", 100, "%"),
        ("rate-by-domain", "Completion rate by domain", "Percentage of the domain's sessions completed, per person",
         shown.by_domain, "Domain", "Completion rate", 100, "%"),
        ("overdue-by-site", "Overdue assignments by site", "Assignments past their due date and not completed, by "
         "where people work", shown.overdue_by_site, "Site", "Overdue assignments", None, ""),
    ]  # fmt: skip
    return [
        {
            "id": chart_id,
            "title": title,
            "svg": charts.bar_chart(chart_id, title, f"{description}: {_in_words(bars, unit)}", bars,
                                    maximum=maximum, unit=unit),
            "bars": bars,
            "label_heading": label_heading,
            "value_heading": value_heading,
            "unit": unit,
        }
        for chart_id, title, description, bars, label_heading, value_heading, maximum, unit in specs
    ]  # fmt: skip


def _in_words(bars: list[tuple[str, int]], unit: str) -> str:
    return "; ".join(f"{label} {value:,}{unit}" for label, value in bars) or "none"


@_for_report_viewers
def by_session(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    _, form, found, _ = viewer
    context: dict[str, Any] = {"page_title": "Reports: by session", "form": form, "query": _query_without_page(request)}
    people = _population(viewer)
    if people is None:
        return render(request, "reports/by_session.html", context, status=400)
    session_key = form.cleaned_data.get("session") or ""
    if session_key:
        rows = building.session_rows(people, session_key)
        context |= {
            "session_title": found.session_titles.get(session_key, session_key),
            "completed": [r for r in rows if r.completed_at],
            "not_completed": [r for r in rows if not r.completed_at],
        }
    return render(request, "reports/by_session.html", context)


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def _file(request: HttpRequest, viewer: Viewer, what: str, extension: str) -> HttpResponse | StreamingHttpResponse:
    people = _population(viewer)
    if people is None:
        problems = "; ".join(str(error) for errors in viewer[1].errors.values() for error in errors)
        return HttpResponse(
            f"The filters are not valid ({problems}): correct them on the report page.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    session_key = viewer[1].cleaned_data.get("session") or ""
    if what == "session":
        if not session_key:
            return HttpResponse("Choose a session for a report by session.", status=400)
        lines = exports.session_lines(people, session_key)
    else:
        lines = exports.person_lines(people)
    name = _filename(f"report-by-{what}", extension)
    response: HttpResponse | StreamingHttpResponse
    if extension == "csv":
        response = StreamingHttpResponse(exports.csv_stream(lines), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(f"Report by {what}", lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@_for_report_viewers
def export(request: HttpRequest, viewer: Viewer, what: str, extension: str) -> HttpResponse | StreamingHttpResponse:
    return _file(request, viewer, what, extension)


@require_POST
@login_required
def subscribe(request: HttpRequest) -> HttpResponse:
    """Email me this report monthly: the report's filters come back in `query`, checked as the report is."""
    user_id = accounts.signed_in_user_id(request)
    if organisations.scope(user_id, organisations.Action.VIEW_REPORTS).nowhere:
        return render(request, "reports/not_a_manager.html", {"page_title": "Reports"}, status=403)
    query = request.POST.get("query", "")
    if not monthly.subscribe(user_id, query):
        raise Http404("no such report of yours")
    messages.success(request, "You will get this report by email at the start of every month")
    return redirect(reverse("reports:by-person") + (f"?{query}" if query else ""))
