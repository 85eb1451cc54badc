"""Forms for learners' details. allauth asks for email and password; we add what a certificate needs."""

from typing import Any

from django import forms
from django.http import HttpRequest

from .form_errors import InOurWords
from .models import EDITABLE_PROFILE_FIELDS, Profile
from .names import clean_name
from .professions import PROFESSIONS


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's registration form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name_on_certificates = forms.CharField(
        label="Full name",
        max_length=150,
        help_text="As it should appear on your certificates of completion.",
    )
    profession = forms.ChoiceField(label="Profession", choices=[("", "Choose your profession"), *PROFESSIONS])
    accept_terms = forms.BooleanField(
        label="I accept the terms of use",
        error_messages={"required": "Confirm that you accept the terms of use"},
    )

    def clean_name_on_certificates(self) -> str:
        return clean_name(self.cleaned_data["name_on_certificates"])

    def signup(self, request: HttpRequest, user: Any) -> None:
        from .services import create_profile

        create_profile(
            user,
            name_on_certificates=self.cleaned_data["name_on_certificates"],
            profession=self.cleaned_data["profession"],
        )


class ProfileForm(InOurWords, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Profile
        fields = EDITABLE_PROFILE_FIELDS
        labels = {"name_on_certificates": "Full name", "esr_staff_number": "ESR staff number (optional)"}
        help_texts = {
            "registration_number": "Your number with your professional regulator, if you have one.",
            "esr_staff_number": "If you work for an NHS organisation that uses the Electronic Staff Record.",
        }

    def clean_name_on_certificates(self) -> str:
        return clean_name(self.cleaned_data["name_on_certificates"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("registration_number") and not cleaned.get("registration_body"):
            self.add_error("registration_body", "Choose the body that holds your registration")
        return cleaned
