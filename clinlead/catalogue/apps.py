from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """What exists: programmes, their framework, pathways, sessions (with every version) and library;
    `manage.py loadcontent` writes them in one transaction."""

    name = "clinlead.catalogue"
