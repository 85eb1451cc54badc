from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    """Organisations and who works where: the registry (a tree of any depth, loaded from ODS files), people's
    employments, the roles granted at an organisation and inherited below it, the one permission rule
    (`permissions.can`), free access by organisation, and licences with their seats (docs/decisions/0020)."""

    name = "clinlead.organisations"
