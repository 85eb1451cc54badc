"""The cohort forms: choices come from the trainer's scope and the catalogue, so nothing else can be posted."""

import datetime
from typing import Any

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
DATE_HINT = "For example, 31/03/2027"


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={"invalid": f"{label} must be a real date, for example 31/03/2027"},
    )


class CohortForm(forms.Form):
    name = forms.CharField(
        label="Name of the cohort",
        max_length=120,
        help_text="For example, “Band 7 leadership day, March”",
        error_messages={"required": "Enter a name for the cohort"},
    )
    organisation = forms.ChoiceField(label="Organisation", error_messages={"required": "Choose the organisation"})
    starts_on = _date("Start date (optional)")
    ends_on = _date("End date (optional)")
    join_code = forms.BooleanField(
        label="Give the cohort a join code that learners can enter to join",
        required=False,
        initial=True,
    )

    def __init__(self, data: Any, *, organisation_choices: list[tuple[int, str]]) -> None:
        super().__init__(data)
        field = self.fields["organisation"]
        if isinstance(field, forms.ChoiceField):  # it is: declared above
            field.choices = [("", "Choose an organisation")] + [(str(i), name) for i, name in organisation_choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "End date must be the same as or after the start date")
        return cleaned


class EmailsForm(forms.Form):
    emails = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One a line, or separated by commas. Each person needs an account already.",
        error_messages={"required": "Enter the email addresses of the people to add"},
    )


class AssignForm(forms.Form):
    cohort = forms.ChoiceField(label="Cohort", error_messages={"required": "Choose the cohort"})
    modules = forms.MultipleChoiceField(label="Modules", required=False, widget=forms.CheckboxSelectMultiple)
    sessions = forms.MultipleChoiceField(label="Sessions", required=False, widget=forms.CheckboxSelectMultiple)
    due_on = _date("Due date (optional)")

    def __init__(
        self,
        data: Any,
        *,
        cohorts: list[tuple[int, str]],
        modules: list[tuple[str, str, tuple[str, ...]]],
        sessions: list[tuple[str, str]],
        today: datetime.date,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.today = today
        self.module_sessions = {key: keys for key, _, keys in modules}
        self.session_order = [key for key, _ in sessions]
        for name, choices in (
            ("cohort", [("", "Choose a cohort")] + [(str(i), n) for i, n in cohorts]),
            ("modules", [(key, title) for key, title, _ in modules]),
            ("sessions", sessions),
        ):
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):  # each of them is one
                field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("modules") and not cleaned.get("sessions"):
            self.add_error("sessions", "Choose at least one session or module to assign")
        due = cleaned.get("due_on")
        if due and due < self.today:
            self.add_error("due_on", "Due date must be today or in the future")
        return cleaned

    def session_keys(self) -> list[str]:
        chosen = set(self.cleaned_data["sessions"])
        for module in self.cleaned_data["modules"]:
            chosen.update(self.module_sessions.get(module, ()))
        return [key for key in self.session_order if key in chosen]


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=20,
        help_text="The 8 letters and numbers your trainer gave you, for example K7QM 4PXR",
        error_messages={"required": "Enter the join code your trainer gave you"},
    )
    share = forms.BooleanField(label="Share my reflections with the trainers of this cohort", required=False)
