from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """What exists: programmes, their framework, pathways, sessions (with every version) and library."""

    name = "clinlead.catalogue"
