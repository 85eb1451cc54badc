from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The public programme site: landing page, site pages, framework, pathways, session overviews, library."""

    name = "clinlead.website"
