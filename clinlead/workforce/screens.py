"""What the staff pages show, as plain data: the views ask for a screen and render it."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations
from clinlead.tasks import api as tasks

from . import enrolling, reading
from .models import StaffUpload

PAGE_SIZE = 50


def not_a_manager(request: HttpRequest) -> HttpResponse:
    return render(request, "workforce/not_a_manager.html", {"page_title": "Staff lists"}, status=403)


def upload_help() -> dict[str, Any]:
    return {"columns": reading.COLUMNS_HELP, "max_mb": reading.MAX_FILE_BYTES // 1_000_000}


@dataclass(frozen=True)
class StaffRowView:
    name: str
    email: str
    organisation: str
    job_role: str
    staff_group: str
    esr_number: str
    invitation: str  # "Invited 3 December", "Accepted", "" for people who registered themselves


def _invitation_words(state: accounts.InvitationState | None) -> str:
    if state is None:
        return ""
    if state.accepted_at:
        return "Signed up"
    return "Invited" if state.sent_at else "Invitation not sent yet"


def staff_page(manager_id: int, query: QueryDict) -> dict[str, Any]:
    where = organisations.scope(manager_id, organisations.Action.VIEW_PEOPLE)
    choices = organisations.organisations_in(where)
    chosen = query.get("organisation", "")
    organisation_id = next((o.id for o in choices if str(o.id) == chosen), None)
    page = max(1, int(query.get("page", "1"))) if query.get("page", "1").isdigit() else 1
    total, employments = organisations.staff_in(where, organisation_id, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    user_ids = [e.user_id for e in employments]
    people = accounts.people(user_ids)
    invitations = accounts.invitation_states(user_ids)
    rows = [
        StaffRowView(
            people[e.user_id].name,
            people[e.user_id].email,
            e.organisation_name,
            e.job_role,
            e.staff_group,
            e.esr_assignment_number,
            _invitation_words(invitations.get(e.user_id)),
        )
        for e in employments
        if e.user_id in people
    ]
    return {
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "organisations": choices,
        "organisation_id": organisation_id,
        "uploads": list(
            StaffUpload.objects.filter(uploaded_by_id=manager_id).defer("content").order_by("-uploaded_at")[:10]
        ),
    }


@dataclass(frozen=True)
class UploadScreen:
    upload: StaffUpload
    title: str
    running: tasks.TaskData | None  # the check or commit still under way
    failed_task: tasks.TaskData | None
    problems: list[list[Any]]
    can_commit: bool


def upload_screen(upload: StaffUpload, manager_id: int) -> UploadScreen:
    task_id = upload.commit_task_id if upload.state in ("committing", "committed") else upload.check_task_id
    task = tasks.status(task_id, manager_id) if task_id else None
    running = task if task is not None and task.state in ("queued", "running") else None
    failed = task if task is not None and task.state == "failed" else None
    titles = {
        StaffUpload.State.CHECKING: "Checking your staff list",
        StaffUpload.State.CHECKED: "Your staff list has been checked",
        StaffUpload.State.COMMITTING: "Saving your staff list",
        StaffUpload.State.COMMITTED: "Your staff list has been saved",
        StaffUpload.State.FAILED: "Your staff list could not be read",
    }
    errors = int(upload.summary.get("errors", 0))
    return UploadScreen(
        upload=upload,
        title=titles[StaffUpload.State(upload.state)],
        running=running,
        failed_task=failed,
        problems=list(upload.problems),
        can_commit=upload.state == StaffUpload.State.CHECKED and errors == 0 and running is None,
    )


def enrolled_message(done: "enrolling.Enrolled", sessions: int) -> str:
    """What the staff page says after an enrolment, in words."""
    people = f"{done.people:,} {'person' if done.people == 1 else 'people'}"
    what = f"{sessions} {'session' if sessions == 1 else 'sessions'}"
    if done.created == 0 and done.updated == 0:
        return f"{people} already had the {what} assigned: nothing changed"
    return f"Assigned {what} to {people} ({done.created:,} new assignments, {done.updated:,} updated)"
