"""The identity providers people can choose from on "Sign in with your organisation", found by name or domain."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from .models import IdentityProvider


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    kind_label: str
    sign_in_url: str


def _sign_in_url(provider: IdentityProvider) -> str:
    # A SAML app's slug is both its client id (in its addresses) and its provider id (our app_id).
    saml = provider.kind == IdentityProvider.Kind.OPENATHENS_SAML
    try:
        if saml:
            return reverse("saml_login", kwargs={"organization_slug": provider.app_id})
        return reverse("openid_connect_login", kwargs={"provider_id": provider.app_id})
    except NoReverseMatch:
        return ""  # its sign-in route is not installed here (SAML before its provider is): not offered


def choices(query: str = "", limit: int = 50) -> list[Choice]:
    """Active identity providers whose name or search terms contain the query (all when empty), by name."""
    found = IdentityProvider.objects.filter(active=True)
    words = query.strip()[:100]
    if words:
        found = found.filter(Q(name__icontains=words) | Q(search_terms__icontains=words))
    offered = []
    for provider in found.order_by("name", "pk")[:limit]:
        url = _sign_in_url(provider)
        if url:
            offered.append(Choice(provider.pk, provider.name, provider.get_kind_display(), url))
    return offered


def choice(identity_provider_id: int | str | None) -> Choice | None:
    """One active identity provider people can sign in with, or None."""
    if not str(identity_provider_id or "").isdigit():
        return None
    provider = IdentityProvider.objects.filter(pk=int(str(identity_provider_id)), active=True).first()
    url = _sign_in_url(provider) if provider else ""
    return Choice(provider.pk, provider.name, provider.get_kind_display(), url) if provider and url else None
