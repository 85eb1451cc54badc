"""Enrolling existing staff: a manager picks people (organisation, staff group, job role) and sessions or modules
with a due date, sees how many people and sessions that is, confirms, and everyone is assigned in bulk.

Licensed organisations take a seat for each person who has none yet (all or none: at the limit nothing is
assigned and the manager is told how many seats are left). People with free access take no seat.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.learning import api as learning
from clinlead.organisations import api as organisations

from . import seats


@dataclass(frozen=True)
class Module:
    key: str
    title: str
    session_keys: tuple[str, ...]


@dataclass(frozen=True)
class Offer:
    """What a manager can assign: the programme's sessions, grouped in the modules of its first pathway."""

    programme_key: str
    programme_title: str
    modules: tuple[Module, ...]
    session_titles: dict[str, str]


def offer() -> Offer | None:
    """The first programme (by title) and its modules; None before any content is loaded."""
    programmes = catalogue.list_programmes()
    if not programmes:
        return None
    programme = programmes[0]
    groups = catalogue.first_pathway_groups(programme.key)
    if not groups:
        return Offer(programme.key, programme.title, (), catalogue.session_titles(programme.key))
    modules = tuple(Module(g.key, g.title, tuple(s.key for s in g.sessions)) for g in groups)
    titles = {s.key: s.title for g in groups for s in g.sessions}
    return Offer(programme.key, programme.title, modules, titles)


class EnrolForm(forms.Form):
    """Who and what; choices come from the manager's scope and the catalogue, so nothing else can be posted."""

    organisation = forms.ChoiceField(label="Organisation", required=False)
    staff_group = forms.ChoiceField(label="Staff group", required=False)
    job_role = forms.ChoiceField(label="Job role", required=False)
    modules = forms.MultipleChoiceField(label="Modules", required=False, widget=forms.CheckboxSelectMultiple)
    sessions = forms.MultipleChoiceField(label="Sessions", required=False, widget=forms.CheckboxSelectMultiple)
    due_day = forms.CharField(label="Day", required=False, max_length=2)
    due_month = forms.CharField(label="Month", required=False, max_length=2)
    due_year = forms.CharField(label="Year", required=False, max_length=4)

    def __init__(
        self,
        data: Any,
        *,
        organisation_choices: list[organisations.OrganisationData],
        groups: list[str],
        roles: list[str],
        on_offer: Offer,
        today: datetime.date,
    ) -> None:
        super().__init__(data)
        self.on_offer = on_offer
        self.today = today
        self.organisations_by_id = {str(o.id): o for o in organisation_choices}
        self._choose(
            "organisation",
            [("", "All the organisations you manage")]
            + [(str(o.id), f"{'— ' * o.depth}{o.name} ({o.code})") for o in organisation_choices],
        )
        self._choose("staff_group", [("", "Any staff group")] + [(g, g) for g in groups])
        self._choose("job_role", [("", "Any job role")] + [(r, r) for r in roles])
        self._choose("modules", [(m.key, m.title) for m in on_offer.modules])
        self._choose("sessions", sorted(on_offer.session_titles.items(), key=lambda kv: kv[1]))

    def _choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):  # every field given choices here is one
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("modules") and not cleaned.get("sessions"):
            self.add_error("modules", "Choose at least one module or session to assign")
        parts = [(cleaned.get(f) or "").strip() for f in ("due_day", "due_month", "due_year")]
        cleaned["due_on"] = None
        if any(parts):
            due = _date_from(*parts)
            if due is None:
                self.add_error("due_day", "Due date must be a real date, for example 31 3 2027")
            elif due < self.today:
                self.add_error("due_day", "Due date must be today or in the future")
            else:
                cleaned["due_on"] = due
        return cleaned

    def session_keys(self) -> list[str]:
        """The chosen sessions and every session of the chosen modules, each once, in the pathway's order."""
        chosen = set(self.cleaned_data["sessions"])
        for module in self.on_offer.modules:
            if module.key in self.cleaned_data["modules"]:
                chosen.update(module.session_keys)
        ordered = [k for m in self.on_offer.modules for k in m.session_keys]
        return [k for k in dict.fromkeys(ordered + sorted(self.on_offer.session_titles)) if k in chosen]

    def organisation_chosen(self) -> organisations.OrganisationData | None:
        return self.organisations_by_id.get(self.cleaned_data.get("organisation") or "")


def _date_from(day: str, month: str, year: str) -> datetime.date | None:
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


@dataclass(frozen=True)
class EnrolPlan:
    """What confirming would do."""

    user_ids: list[int]
    people: list[tuple[int, int, str]]  # (user id, organisation id, address) for seats
    session_keys: list[str]
    due_on: datetime.date | None
    assigned_for: str


def plan(manager_id: int, form: EnrolForm) -> EnrolPlan:
    where = organisations.scope(manager_id, organisations.Action.ENROL_PEOPLE)
    chosen = form.organisation_chosen()
    posts = organisations.staff_posts_in(
        where, chosen.id if chosen else None, form.cleaned_data["staff_group"], form.cleaned_data["job_role"]
    )
    addresses = accounts.people(list(posts))
    people = [(user_id, at, addresses[user_id].email if user_id in addresses else "") for user_id, at in posts.items()]
    return EnrolPlan(
        sorted(posts), people, form.session_keys(), form.cleaned_data["due_on"], chosen.name if chosen else ""
    )


@dataclass(frozen=True)
class Enrolled:
    people: int
    created: int
    updated: int
    unchanged: int


def enrol(manager_id: int, programme_key: str, chosen: EnrolPlan) -> Enrolled:
    """Assign the sessions to everyone in the plan, in one transaction."""
    with transaction.atomic():
        seats.take_for(chosen.people, programme_key)  # NotEnoughSeats: nothing assigned, the manager is told
        result = learning.assign(
            chosen.user_ids, programme_key, chosen.session_keys, chosen.due_on, manager_id, chosen.assigned_for
        )
    return Enrolled(len(chosen.user_ids), result.created, result.updated, result.unchanged)
