"""The identity providers we accept, in the (two-factor) admin site beside allauth's sign-in apps (its SocialApp).
Platform administrators set both up on single sign-on's own pages (manage_views.py, writing through services.py);
the admin site stays for what those pages do not edit, such as our own SAML key pair in an app's settings."""

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
