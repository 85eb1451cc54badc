"""Which identity providers we accept, and which organisations vouch through them. Only services.py writes these;
other apps use api.py (docs/decisions/0024)."""

from django.conf import settings
from django.db import models

# Organisations are referred to by a database relation (so one in use cannot be deleted), named as a string: the
# code of this app still reaches the registry only through organisations.api.
ORGANISATION = "organisations.Organisation"


class IdentityProvider(models.Model):
    """One identity provider we accept: an OpenAthens identity provider (by SAML entityID, whether its people come
    by SAML or through Keystone, where the entityID is the `realmName`), or CIS2."""

    class Kind(models.TextChoices):
        OPENATHENS_SAML = "openathens-saml", "OpenAthens (SAML)"
        OPENATHENS_KEYSTONE = "openathens-keystone", "OpenAthens (Keystone)"
        CIS2 = "cis2", "NHS Care Identity Service 2"

    name = models.CharField(max_length=200, help_text="As people know it: the organisation's name, usually.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    entity_id = models.CharField(
        "entityID or realm",
        max_length=500,
        blank=True,
        help_text="SAML entityID (Keystone: realmName). Empty for CIS2.",
    )
    # The allauth SocialApp's provider id that people of this provider sign in through ("keystone", "cis2", or the
    # SAML app's own id).
    app_id = models.CharField(max_length=100)
    organisation = models.ForeignKey(
        ORGANISATION,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation of the registry that vouches through this provider (none for CIS2).",
    )
    search_terms = models.CharField(
        max_length=500, blank=True, help_text="Other names and domains people may search for, separated by commas."
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "entity_id"], name="one_identity_provider_per_entity_id")
        ]

    def __str__(self) -> str:
        return self.name


class ScopeMapping(models.Model):
    """A scope of eduPersonScopedAffiliation (after the @) that names an organisation of the registry."""

    identity_provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="scopes")
    scope = models.CharField(max_length=200)
    organisation = models.ForeignKey(ORGANISATION, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["identity_provider", "scope"], name="one_mapping_per_scope")]

    def __str__(self) -> str:
        return f"{self.scope} → organisation {self.organisation_id}"


class RoleMapping(models.Model):
    """A role granted at an organisation to people whose sign-in carries this value: an eduPersonEntitlement URI
    (OpenAthens permission sets) or a CIS2 national RBAC role code, at one of the person's CIS2 organisations."""

    identity_provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="role_mappings")
    value = models.CharField(max_length=300, help_text="The entitlement URI or the RBAC role code.")
    role = models.CharField(
        max_length=30,
        choices=[
            ("learner", "Learner"),
            ("trainer", "Trainer"),
            ("manager", "Organisation manager"),
            ("administrator", "Organisation administrator"),
        ],
    )
    organisation = models.ForeignKey(
        ORGANISATION,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the role is granted. Empty for CIS2: at the role's own organisation.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["identity_provider", "value"], name="one_mapping_per_value")]

    def __str__(self) -> str:
        return f"{self.value} → {self.role}"


class SignInPost(models.Model):
    """A post that a sign-in through this identity provider made, so that a later sign-in through it that no
    longer vouches for the person at that organisation ends it (vouching.record)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(ORGANISATION, on_delete=models.CASCADE, related_name="+")
    identity_provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "identity_provider"], name="one_sign_in_post_per_provider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.organisation_id} through {self.identity_provider_id}"
