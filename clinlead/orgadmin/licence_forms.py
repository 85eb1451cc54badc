"""The form a platform administrator records a licence with. What only the registry and the seats in use can
tell (an unknown organisation, fewer seats than people hold) comes back from `organisations.save_licence` as
messages per field, and is shown on the same fields."""

from typing import Any

from django import forms

from clinlead.catalogue import api as catalogue
from clinlead.organisations import api as organisations

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class LicenceForm(forms.Form):
    organisation_code = forms.CharField(
        label="Organisation code",
        max_length=20,
        help_text="Its ODS code, such as RX1, or its local code, such as L-ELMS. The licence covers the "
        "organisation and every organisation below it.",
        error_messages={"required": "Enter the code of the organisation the licence is for"},
    )
    programme_keys = forms.MultipleChoiceField(
        label="Programmes",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one programme the licence covers",
            "invalid_choice": "Choose programmes from the list",
        },
    )
    seats = forms.IntegerField(
        label="Seats",
        min_value=1,
        max_value=1_000_000,
        help_text="How many people may hold a seat at once.",
        error_messages={
            "required": "Enter the number of seats",
            "invalid": "Enter the number of seats as a whole number, such as 250",
            "min_value": "Enter a number of seats of 1 or more",
            "max_value": "Enter a number of seats of 1,000,000 or fewer",
        },
    )
    starts_on = forms.DateField(
        label="Starts on",
        input_formats=DATE_FORMATS,
        help_text="For example, 1/4/2026",
        error_messages={
            "required": "Enter the date the licence starts",
            "invalid": "Enter the start date as day/month/year, for example 1/4/2026",
        },
    )
    ends_on = forms.DateField(
        label="Ends on (its last day)",
        input_formats=DATE_FORMATS,
        help_text="For example, 31/3/2027",
        error_messages={
            "required": "Enter the date the licence ends",
            "invalid": "Enter the end date as day/month/year, for example 31/3/2027",
        },
    )
    reference = forms.CharField(
        label="Reference (optional)",
        required=False,
        max_length=100,
        help_text="The agreement's or purchase order's reference, as agreed elsewhere.",
        error_messages={"max_length": "Enter a reference of 100 characters or fewer"},
    )

    def __init__(self, *args: Any, kept_keys: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(p.key, p.title) for p in catalogue.list_programmes()]
        known = {key for key, _ in choices}
        # A programme withdrawn since the licence was recorded stays a choice, so changing the seats keeps it.
        choices += [(key, f"{key} (no longer published)") for key in kept_keys if key not in known]
        self.fields["programme_keys"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return cleaned

    def save(self, licence_id: int | None = None) -> organisations.LicenceData | None:
        """Saved, or None with the registry's objections added to the fields."""
        try:
            return organisations.save_licence(licence_id=licence_id, **self.cleaned_data)
        except organisations.LicenceProblems as problems:
            for field, message in problems.errors.items():
                self.add_error(field if field in self.fields else None, message)
            return None


def initial_of(licence: organisations.LicenceData) -> dict[str, Any]:
    return {
        "organisation_code": licence.organisation_code,
        "programme_keys": list(licence.programme_keys),
        "seats": licence.seats,
        "starts_on": licence.starts_on.strftime("%-d/%-m/%Y"),
        "ends_on": licence.ends_on.strftime("%-d/%-m/%Y"),
        "reference": licence.reference,
    }
