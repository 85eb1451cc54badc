from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """What exists: programmes, their framework, pathways, sessions (with every version) and library, as
    `authoring` publishes them in one transaction; stored content holds references, never the site's URLs."""

    name = "clinlead.catalogue"
