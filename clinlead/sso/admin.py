"""The identity providers we accept, set up by platform administrators in the (two-factor) admin site, beside
allauth's sign-in apps (its SocialApp: client id and secret, or SAML metadata URL, certificate and attribute map)."""

from django.contrib import admin

from .models import IdentityProvider, RoleMapping, ScopeMapping


class ScopeMappingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ScopeMapping
    extra = 0
    raw_id_fields = ("organisation",)


class RoleMappingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleMapping
    extra = 0
    raw_id_fields = ("organisation",)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "entity_id", "app_id", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "entity_id", "search_terms")
    raw_id_fields = ("organisation",)
    inlines = (ScopeMappingInline, RoleMappingInline)
