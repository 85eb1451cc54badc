"""The report's filters: a GET form whose choices come from the manager's scope and the catalogue, so anything
else sent is an error on its field (never a 500)."""

import datetime
from typing import Any

from django import forms

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from .syllabus import Syllabus

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]
DATE_ERROR = "{} must be a real date, for example 31/3/2026"


class ReportForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation", required=False)
    staff_group = forms.ChoiceField(label="Staff group", required=False)
    job_role = forms.ChoiceField(label="Job role", required=False)
    profession = forms.ChoiceField(label="Profession", required=False)
    module = forms.ChoiceField(label="Module", required=False)
    domain = forms.ChoiceField(label="Domain", required=False)
    session = forms.ChoiceField(label="Session", required=False)
    assigned = forms.ChoiceField(
        label="Assigned",
        required=False,
        choices=[("", "Assigned or not"), ("assigned", "Assigned"), ("not-assigned", "Not assigned")],
    )
    due = forms.ChoiceField(
        label="Due dates",
        required=False,
        choices=[("", "Any"), ("due", "Has assignments due"), ("overdue", "Has overdue assignments")],
    )
    completed_from = forms.DateField(
        label="Completed from", required=False, input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR.format("Completed from")},
    )  # fmt: skip
    completed_to = forms.DateField(
        label="Completed to", required=False, input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR.format("Completed to")},
    )  # fmt: skip

    def __init__(
        self,
        data: Any,
        *,
        organisation_choices: list[organisations.OrganisationData],
        groups: list[str],
        roles: list[str],
        syllabus: Syllabus,
    ) -> None:
        super().__init__(data)
        self.syllabus = syllabus
        self.organisations_by_id = {str(o.id): o for o in organisation_choices}
        self._choose(
            "organisation",
            [("", "All your organisations")]
            + [(str(o.id), f"{'— ' * o.depth}{o.name} ({o.code})") for o in organisation_choices],
        )
        self._choose("staff_group", [("", "Any staff group")] + [(g, g) for g in groups])
        self._choose("job_role", [("", "Any job role")] + [(r, r) for r in roles])
        self._choose("profession", [("", "Any profession"), *accounts.PROFESSION_CHOICES])
        self._choose("module", [("", "Every module")] + [(m.key, m.title) for m in syllabus.modules])
        self._choose("domain", [("", "Every domain")] + [(d.key, d.title) for d in syllabus.domains])
        self._choose("session", [("", "Every session"), *syllabus.session_titles.items()])
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = f"{field.label}: choose one of the options in the list"

    def _choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("completed_from"), cleaned.get("completed_to")
        if start and end and start > end:
            self.add_error("completed_to", "Completed to must be the same as or after completed from")
        return cleaned

    def session_keys(self) -> list[str]:
        """The sessions the report is about: every one, narrowed by each of module, domain and session chosen."""
        chosen = list(self.syllabus.session_titles)
        data = self.cleaned_data
        for name, groups in (("module", self.syllabus.modules), ("domain", self.syllabus.domains)):
            group = next((g for g in groups if g.key == data.get(name)), None)
            if group is not None:
                chosen = [k for k in chosen if k in group.session_keys]
        if data.get("session"):
            chosen = [k for k in chosen if k == data["session"]]
        return chosen

    def organisation_id(self) -> int | None:
        found = self.organisations_by_id.get(self.cleaned_data.get("organisation") or "")
        return found.id if found else None

    def period(self) -> tuple[datetime.date | None, datetime.date | None]:
        return self.cleaned_data.get("completed_from"), self.cleaned_data.get("completed_to")
