"""Cohorts for trainers, and joining one for learners. Every trainer's view asks organisations.api (through
queries.py): a person who may run cohorts nowhere gets the page saying who these pages are for (403); a cohort
outside their organisations is not found (404), whatever its id."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from . import members, offer, progress, queries, services
from .forms import AssignForm, CohortForm, EmailsForm
from .models import Cohort, Membership


def _not_a_trainer(request: HttpRequest) -> HttpResponse:
    return render(request, "cohorts/not_a_trainer.html", {"page_title": "Cohorts are for trainers"}, status=403)


def _trainer_cohort(request: HttpRequest, cohort_id: int) -> tuple[int, Cohort]:
    user_id = accounts.signed_in_user_id(request)
    cohort = queries.cohort_for_trainer(user_id, cohort_id)
    if cohort is None:
        raise Http404("no such cohort of yours")
    return user_id, cohort


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    context = {
        "page_title": "Cohorts",
        "trainer": queries.may_run_cohorts(user_id),
        "cohorts": queries.cohorts_of_trainer(user_id),
        "memberships": queries.memberships_of(user_id),
    }
    return render(request, "cohorts/index.html", context)


@login_required
def new(request: HttpRequest) -> HttpResponse:
    user_id = accounts.signed_in_user_id(request)
    where = organisations.scope(user_id, organisations.Action.RUN_COHORTS)
    if where.nowhere:
        return _not_a_trainer(request)
    choices = [(o.id, f"{'— ' * o.depth}{o.name} ({o.code})") for o in organisations.organisations_in(where)]
    form = CohortForm(request.POST if request.method == "POST" else None, organisation_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cohort_id = services.create_cohort(
            user_id, int(data["organisation"]), data["name"], data["starts_on"], data["ends_on"], data["join_code"]
        )
        messages.success(request, f"Cohort “{data['name']}” created")
        return redirect("cohorts:cohort", cohort_id=cohort_id)
    context = {"page_title": "Create a cohort", "form": form}
    return render(request, "cohorts/new.html", context, status=400 if form.errors else 200)


def _cohort_page(
    request: HttpRequest, cohort: Cohort, *, emails: EmailsForm | None = None, upload_problems: tuple[str, ...] = ()
) -> HttpResponse:
    member_ids = queries.member_ids(cohort.pk)
    people = accounts.people(member_ids)
    context = {
        "page_title": cohort.name,
        "cohort": cohort,
        "members": sorted(people.values(), key=lambda p: p.name.lower()),
        "emails_form": emails or EmailsForm(None),
        "upload_problems": upload_problems,
        "group": progress.group_progress(cohort.pk),
        "join_url": request.build_absolute_uri("/cohorts/join/"),
    }
    failed = (emails is not None and emails.errors) or upload_problems
    return render(request, "cohorts/cohort.html", context, status=400 if failed else 200)


@login_required
def cohort(request: HttpRequest, cohort_id: int) -> HttpResponse:
    _, found = _trainer_cohort(request, cohort_id)
    return _cohort_page(request, found)


@require_POST
@login_required
def add_by_email(request: HttpRequest, cohort_id: int) -> HttpResponse:
    _, found = _trainer_cohort(request, cohort_id)
    form = EmailsForm(request.POST)
    if form.is_valid():
        result = members.from_text(form.cleaned_data["emails"])
        if not result.problems:
            added = services.add_members(found.pk, result.user_ids, Membership.How.EMAIL)
            messages.success(request, f"{added} {'person' if added == 1 else 'people'} added")
            return redirect("cohorts:cohort", cohort_id=found.pk)
        for problem in result.problems:
            form.add_error("emails", problem)
    return _cohort_page(request, found, emails=form)


@require_POST
@login_required
def add_from_file(request: HttpRequest, cohort_id: int) -> HttpResponse:
    _, found = _trainer_cohort(request, cohort_id)
    sent = request.FILES.get("members_file")
    if sent is None:
        return _cohort_page(request, found, upload_problems=("Choose a CSV file with an “email” column",))
    result = members.from_csv(sent.read(members.MAX_FILE_BYTES + 1))
    if result.problems:
        return _cohort_page(request, found, upload_problems=result.problems)
    added = services.add_members(found.pk, result.user_ids, Membership.How.UPLOAD)
    messages.success(request, f"{added} {'person' if added == 1 else 'people'} added from the file")
    return redirect("cohorts:cohort", cohort_id=found.pk)


@require_POST
@login_required
def join_code(request: HttpRequest, cohort_id: int) -> HttpResponse:
    _, found = _trainer_cohort(request, cohort_id)
    on = request.POST.get("code") == "new"
    services.set_code(found.pk, on)
    messages.success(request, "New join code made: the old one no longer works" if on else "Join code turned off")
    return redirect("cohorts:cohort", cohort_id=found.pk)


@login_required
def assign(request: HttpRequest) -> HttpResponse:
    """Sessions or modules for a cohort; a session's "Use this with a cohort" link arrives with it chosen."""
    user_id = accounts.signed_in_user_id(request)
    if not queries.may_run_cohorts(user_id):
        return _not_a_trainer(request)
    source = request.POST if request.method == "POST" else request.GET
    on_offer = offer.offer(source.get("programme", ""))
    if on_offer is None:
        raise Http404("no programme has been loaded")
    cohorts = [(c.id, f"{c.name} ({c.organisation_name})") for c in queries.cohorts_of_trainer(user_id)]
    only = str(cohorts[0][0]) if len(cohorts) == 1 else ""  # a trainer with one cohort need not choose it
    initial = {"cohort": request.GET.get("cohort", only), "sessions": request.GET.getlist("session")}
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        cohorts=cohorts,
        modules=on_offer.modules,
        sessions=on_offer.sessions,
        today=timezone.localdate(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        # The choices held only the trainer's cohorts, but ask again: the rule lives in one place.
        _, found = _trainer_cohort(request, int(form.cleaned_data["cohort"]))
        keys = form.session_keys()
        services.assign(found.pk, user_id, on_offer.programme_key, keys, form.cleaned_data["due_on"])
        messages.success(request, f"{len(keys)} {'session' if len(keys) == 1 else 'sessions'} assigned to {found.name}")
        return redirect("cohorts:cohort", cohort_id=found.pk)
    context = {"page_title": "Assign sessions to a cohort", "form": form, "offer": on_offer, "cohorts": cohorts}
    return render(request, "cohorts/assign.html", context, status=400 if form.errors else 200)


@login_required
def remove_member(request: HttpRequest, cohort_id: int, user_id: int) -> HttpResponse:
    """Asks first; the POST takes the person out of the cohort, and nothing of their learning."""
    _, found = _trainer_cohort(request, cohort_id)
    person = accounts.people([user_id]).get(user_id) if queries.membership(user_id, found.pk) else None
    if person is None:
        raise Http404("no such member of this cohort")
    if request.method == "POST":
        services.remove_member(found.pk, person.user_id)
        messages.success(request, f"{person.name} is no longer in {found.name}")
        return redirect("cohorts:cohort", cohort_id=found.pk)
    context = {"page_title": f"Remove {person.name} from {found.name}", "cohort": found, "person": person}
    return render(request, "cohorts/remove_member.html", context)


@login_required
def delete(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Asks first; the POST deletes the cohort, its members' places in it and what it assigned them."""
    _, found = _trainer_cohort(request, cohort_id)
    if request.method == "POST":
        services.delete_cohort(found.pk)
        messages.success(request, f"Cohort “{found.name}” deleted")
        return redirect("cohorts:index")
    context = {
        "page_title": f"Delete {found.name}",
        "cohort": found,
        "members": len(queries.member_ids(found.pk)),
        "assigned": len(queries.assignments_of(found.pk)),
    }
    return render(request, "cohorts/delete.html", context)
