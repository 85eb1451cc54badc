"""The forms of single sign-on's set-up pages for identity providers and their scope and role mappings."""

import re
from typing import Any

from django import forms

from clinlead.organisations import api as organisations

from .manage_forms import Form
from .models import IdentityProvider, RoleMapping
from .sign_in_apps import APP_FOR_KIND, PROFILE_LABELS, SignInApp, suits

Kind = IdentityProvider.Kind
SCOPE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


def _organisation_id(code: str) -> int:
    found = organisations.organisations_by_code([code]).get(code.strip().upper())
    if found is None:
        raise forms.ValidationError(f"There is no organisation with the code {code.strip().upper()} in the registry")
    return found.id


class IdentityProviderForm(Form):
    name = forms.CharField(label="Name", max_length=200, help_text="As people know it: usually the organisation's")
    kind = forms.ChoiceField(label="Kind", choices=Kind.choices, widget=forms.RadioSelect)
    entity_id = forms.CharField(
        label="EntityID or realm",
        max_length=500,
        required=False,
        help_text="Its SAML entityID; for Keystone, the realmName it sends. Leave empty for CIS2.",
    )
    app_id = forms.ChoiceField(label="Sign-in app", choices=())
    organisation_code = forms.CharField(
        label="Organisation's code",
        max_length=20,
        required=False,
        help_text="The ODS or local code of the organisation in the registry that vouches through it (none for CIS2)",
    )
    search_terms = forms.CharField(
        label="Search terms",
        max_length=500,
        required=False,
        help_text="Other names and domains people may search for, separated by commas",
    )
    active = forms.BooleanField(label="People can sign in with it", required=False)
    required_messages = {"name": "Enter a name", "kind": "Choose the kind", "app_id": "Choose the sign-in app"}

    def __init__(self, *args: Any, apps: list[SignInApp], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apps = {app.provider_id: app for app in apps}
        self.fields["app_id"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a sign-in app"),
            *((app.provider_id, f"{app.name} ({app.provider_id}: {app.kind_label})") for app in apps),
        ]
        self.fields["app_id"].error_messages["invalid_choice"] = "Choose one of the sign-in apps listed"
        self.fields["kind"].error_messages["invalid_choice"] = "Choose one of the kinds listed"

    def clean_entity_id(self) -> str:
        value = str(self.cleaned_data["entity_id"]).strip()
        if any(c.isspace() for c in value):
            raise forms.ValidationError("An entityID or realm has no spaces")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, app_id, code = data.get("kind"), data.get("app_id"), str(data.get("organisation_code") or "")
        cis2 = kind == Kind.CIS2
        if kind and not cis2 and not data.get("entity_id") and "entity_id" not in self.errors:
            self.add_error("entity_id", "Enter its entityID (for Keystone, its realm)")
        if kind and app_id in self.apps and not suits(kind, self.apps[app_id]):
            wanted = PROFILE_LABELS[APP_FOR_KIND[Kind(kind)][1]]
            self.add_error("app_id", f"{Kind(kind).label} signs people in through an app of the kind {wanted}")
        data["organisation_id"] = None
        if code.strip():
            try:
                data["organisation_id"] = _organisation_id(code)
            except forms.ValidationError as error:
                self.add_error("organisation_code", error)
        elif kind and not cis2:
            self.add_error("organisation_code", "Enter the code of the organisation that vouches through it")
        return data


class ScopeMappingForm(Form):
    scope = forms.CharField(
        label="Scope", max_length=200, help_text="After the @ of an affiliation, for example northshire-th.nhs.uk"
    )
    organisation_code = forms.CharField(label="Organisation's code", max_length=20)
    required_messages = {"scope": "Enter the scope", "organisation_code": "Enter the organisation's code"}

    def clean_scope(self) -> str:
        value = str(self.cleaned_data["scope"]).strip().lower()
        if "@" in value:
            raise forms.ValidationError(f"Enter only the part after the @, such as {value.rpartition('@')[2]}")
        if not SCOPE.match(value):
            raise forms.ValidationError("Enter a domain name, such as eastvale.northshire-th.nhs.uk")
        return value

    def clean_organisation_code(self) -> int:
        return _organisation_id(str(self.cleaned_data["organisation_code"]))


class RoleMappingForm(Form):
    value = forms.CharField(
        label="Entitlement or role code",
        max_length=300,
        help_text="An eduPersonEntitlement URI, or a CIS2 national RBAC role code such as S8000:G8000:R8001",
    )
    role = forms.ChoiceField(label="Role", choices=())
    organisation_code = forms.CharField(
        label="At the organisation (code)",
        max_length=20,
        required=False,
        help_text="Leave empty for CIS2: the role is granted at the organisation of the person's RBAC role",
    )
    required_messages = {"value": "Enter the entitlement or role code", "role": "Choose a role"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = RoleMapping._meta.get_field("role").choices or []
        self.fields["role"].choices = [("", "Choose a role"), *roles]  # type: ignore[attr-defined]
        self.fields["role"].error_messages["invalid_choice"] = "Choose one of the roles listed"

    def clean_value(self) -> str:
        value = str(self.cleaned_data["value"]).strip()
        if any(c.isspace() for c in value):
            raise forms.ValidationError("An entitlement or role code has no spaces")
        return value

    def clean_organisation_code(self) -> int | None:
        code = str(self.cleaned_data["organisation_code"]).strip()
        return _organisation_id(code) if code else None
