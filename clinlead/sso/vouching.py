"""What a sign-in records: a post at each organisation that vouched for the person, and the roles an administrator
mapped to what the identity provider says of them (docs/decisions/0024). The only writer of people's records in
this app, through organisations.api."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from clinlead.organisations import api as organisations

from . import claims as claim_rules
from .models import IdentityProvider, RoleMapping, ScopeMapping, SignInPost


@dataclass(frozen=True)
class Vouched:
    organisation_ids: tuple[int, ...]
    roles: tuple[tuple[str, int], ...]  # (role, organisation id)


def identity_provider_for(app_id: str, profile: str, found: dict[str, Any]) -> IdentityProvider | None:
    """The configured, active identity provider this sign-in came through, or None."""
    providers = IdentityProvider.objects.filter(app_id=app_id, active=True)
    if profile == claim_rules.KEYSTONE:
        # Keystone fronts every OpenAthens identity provider: which one is the realm's to say.
        return providers.filter(
            kind=IdentityProvider.Kind.OPENATHENS_KEYSTONE, entity_id=str(found.get("realmName", ""))
        ).first()
    if profile == claim_rules.CIS2:
        return providers.filter(kind=IdentityProvider.Kind.CIS2).first()
    return providers.filter(kind=IdentityProvider.Kind.OPENATHENS_SAML).first()


def vouched_by(provider: IdentityProvider, profile: str, found: dict[str, Any]) -> Vouched:
    """The organisations that vouch for the person in this sign-in, and the roles mapped to it."""
    if profile == claim_rules.CIS2:
        orgs = organisations.organisations_by_code([o.code for o in claim_rules.cis2_organisations(found)])
        organisation_ids = tuple(sorted(o.id for o in orgs.values()))
        by_code = {code: o.id for code, o in orgs.items()}
        mapped = dict(RoleMapping.objects.filter(identity_provider=provider).values_list("value", "role"))
        roles = tuple(
            sorted(
                (mapped[role_code], by_code[org_code])
                for org_code, role_code in claim_rules.cis2_role_codes(found)
                if role_code in mapped and org_code in by_code
            )
        )
        return Vouched(organisation_ids, roles)
    scopes = claim_rules.vouching_scopes(found.get("eduPersonScopedAffiliation"))
    by_scope = dict(
        ScopeMapping.objects.filter(identity_provider=provider, scope__in=scopes).values_list(
            "scope", "organisation_id"
        )
    )
    ids = {by_scope[s] for s in scopes if s in by_scope}
    if scopes and not ids and provider.organisation_id:
        ids.add(provider.organisation_id)  # vouched for, in a scope not mapped: the provider's own organisation
    entitlements = found.get("eduPersonEntitlement") or []
    entitlements = entitlements if isinstance(entitlements, list) else [entitlements]
    roles = tuple(
        sorted(
            (mapping.role, mapping.organisation_id or provider.organisation_id or 0)
            for mapping in RoleMapping.objects.filter(
                identity_provider=provider, value__in=[str(e) for e in entitlements]
            )
            if mapping.organisation_id or provider.organisation_id
        )
    )
    return Vouched(tuple(sorted(ids)), roles)


def record(user_id: int, vouched: Vouched, provider: IdentityProvider | None = None) -> None:
    """Posts where organisations vouched and the mapped roles. Through a provider, also end the posts an earlier
    sign-in through it made where it no longer vouches, unless another provider still does or a staff list has
    given the post its details (organisations.api.end_vouched_employment)."""
    with transaction.atomic():
        made = organisations.record_vouched_employments(user_id, vouched.organisation_ids)
        organisations.grant_roles_from_sign_in(user_id, list(vouched.roles))
        if provider is None:
            return
        SignInPost.objects.bulk_create(
            [SignInPost(user_id=user_id, organisation_id=o, identity_provider=provider) for o in made],
            ignore_conflicts=True,
        )
        stale = SignInPost.objects.filter(user_id=user_id, identity_provider=provider).exclude(
            organisation_id__in=vouched.organisation_ids
        )
        for post in list(stale):
            post.delete()
            if not SignInPost.objects.filter(user_id=user_id, organisation_id=post.organisation_id).exists():
                # Ended yesterday: a post ending today still counts today (organisations' rule for current posts).
                yesterday = timezone.localdate() - datetime.timedelta(days=1)
                organisations.end_vouched_employment(user_id, post.organisation_id, yesterday)
