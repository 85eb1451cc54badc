from django.apps import AppConfig


class OrgadminConfig(AppConfig):
    """The pages that run organisations (`/organisations/`): the registry for platform administrators, roles
    granted by organisation administrators, and licences with their seat use."""

    name = "clinlead.orgadmin"
