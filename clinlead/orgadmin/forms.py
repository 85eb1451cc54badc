"""The registry's and the roles' forms. They only say what is missing or is not text of the right kind: the rules
for an organisation (codes, dates, domains, parents) are the registry file's, applied by organisations.api, whose
problems come back to the field they are about (views.add_problems)."""

import re
from typing import Any

from django import forms

from clinlead.organisations import api as organisations

# A registry file of every NHS organisation in England is a few megabytes; more than this is not a registry.
MAX_REGISTRY_BYTES = 10 * 1024 * 1024
# Characters nobody types into a registry (TAB, LF and CR are ordinary text), as the input guard refuses them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class OrganisationForm(forms.Form):
    # The field names are the registry file's columns, so the file's problems land on the field they are about.
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"})
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="Its ODS code (3 characters for a trust, 5 for a site), or a local code starting L- for an "
        "organisation outside the NHS, for example L-ELMS",
        error_messages={"required": "Enter the organisation's code"},
    )
    kind = forms.ChoiceField(label="Type", choices=())
    eligible = forms.BooleanField(
        label="Its staff have free access", required=False, help_text="While they work here, whatever their address"
    )
    parent_code = forms.CharField(
        label="Parent's code", max_length=20, required=False, help_text="Leave empty for the top of the tree"
    )
    postcode = forms.CharField(label="Postcode", max_length=20, required=False)
    opened_on = forms.CharField(
        label="Opened on", max_length=20, required=False, help_text="For example, 2024-04-01 (or 20240401)"
    )
    closed_on = forms.CharField(
        label="Closed on", max_length=20, required=False, help_text="Leave empty while it is open"
    )
    email_domains = forms.CharField(
        label="Email domains",
        max_length=2000,
        required=False,
        help_text="Its staff's addresses end in these, for example northshire-th.nhs.uk; separate them with spaces",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose a type"), *organisations.organisation_kinds()]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = "Choose the type of organisation"
        self.fields["kind"].error_messages["invalid_choice"] = "Choose one of the types listed"

    def values(self) -> dict[str, str]:
        """The form as a registry file's row: text in each column, eligible as yes or no."""
        data = self.cleaned_data
        return {
            **{name: str(data.get(name) or "") for name in self.fields if name != "eligible"},
            "eligible": "yes" if data.get("eligible") else "no",
        }

    @staticmethod
    def initial_for(organisation: organisations.OrganisationData, parent_code: str) -> dict[str, object]:
        return {
            "name": organisation.name,
            "code": organisation.code,
            "kind": organisation.kind,
            "eligible": organisation.eligible,
            "parent_code": parent_code,
            "postcode": organisation.postcode,
            "opened_on": organisation.opened_on.isoformat() if organisation.opened_on else "",
            "closed_on": organisation.closed_on.isoformat() if organisation.closed_on else "",
            "email_domains": " ".join(organisation.email_domains),
        }


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label="Registry file (CSV)",
        error_messages={"required": "Choose a registry file to upload", "empty": "The file is empty"},
    )
    file_name = ""

    def clean_file(self) -> str:
        """The file's text: UTF-8, with or without a byte-order mark."""
        upload = self.cleaned_data["file"]
        self.file_name = str(upload.name)
        if upload.size > MAX_REGISTRY_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size // (1024 * 1024)} MB: a registry file may be at most "
                f"{MAX_REGISTRY_BYTES // (1024 * 1024)} MB"
            )
        raw = upload.read()
        try:
            text = str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                f"{upload.name} is not UTF-8 text (byte {error.start} is not): save it as “CSV UTF-8” and try again"
            ) from error
        # The input guard does not read uploaded files, and PostgreSQL cannot store U+0000 (input_guard.py).
        found = _CONTROL.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            raise forms.ValidationError(
                f"Line {line} of {upload.name} holds a control character (U+{ord(found.group()):04X}), which "
                "cannot be stored: remove it and try again"
            )
        return text


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address they sign in with",
        error_messages={
            "required": "Enter the email address of the person",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )


class GrantForm(EmailForm):
    role = forms.ChoiceField(label="Role", choices=(), error_messages={"required": "Choose a role"})

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose a role"), *roles]  # type: ignore[attr-defined]
        self.fields["role"].error_messages["invalid_choice"] = "Choose one of the roles listed"
