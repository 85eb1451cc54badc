"""The forms a learner shares their record with: a grant to a named person, or a one-off link."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
GRANT_MAX_DAYS = 730  # about two years: long enough for an appraisal cycle, short enough to be re-decided
LINK_MAX_DAYS = 90  # a link may be forwarded, so it lives a short while


def _ends_on(what: str, example: str) -> forms.DateField:
    return forms.DateField(
        label="Share until (the last day)",
        input_formats=DATE_FORMATS,
        help_text=f"For example, {example}. {what}",
        error_messages={
            "required": "Enter the last day of sharing",
            "invalid": f"Enter the last day as day/month/year, for example {example}",
        },
    )


class _Period(forms.Form):
    max_days: int = 0

    def clean_ends_on(self) -> datetime.date:
        ends_on: datetime.date = self.cleaned_data["ends_on"]
        today = timezone.localdate()
        latest = today + datetime.timedelta(days=self.max_days)
        if ends_on < today:
            raise forms.ValidationError("The last day of sharing must be today or a date in the future")
        if ends_on > latest:
            raise forms.ValidationError(
                f"The last day of sharing can be at most {self.max_days} days ahead: "
                f"{latest.strftime('%-d/%-m/%Y')} or earlier"
            )
        return ends_on


class ShareForm(_Period):
    max_days = GRANT_MAX_DAYS
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="They will need to sign in, or create an account, with this address to see your record",
        error_messages={
            "required": "Enter the email address of the person you are sharing with",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )
    include_reflections = forms.BooleanField(label="Share my reflections too", required=False)
    ends_on = _ends_on("At most two years from today.", "31/3/2027")

    def __init__(self, *args: Any, own_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_email = own_email.lower()

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email == self.own_email:
            raise forms.ValidationError("Enter the address of the person you are sharing with, not your own")
        return email


class LinkForm(_Period):
    max_days = LINK_MAX_DAYS
    label = forms.CharField(
        label="What the link is for (optional)",
        max_length=100,
        required=False,
        help_text="For example, Appraisal 2027. Your log of who looked at your record names the link by this",
        error_messages={"max_length": "What the link is for must be 100 characters or fewer"},
    )
    include_reflections = forms.BooleanField(label="Show my reflections too", required=False)
    ends_on = _ends_on("At most 90 days from today.", "31/1/2027")
