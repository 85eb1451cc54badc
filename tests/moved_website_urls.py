"""The site with every page of the website moved under /moved/ (same URL names), for tests/test_content_links.py."""

from django.urls import URLResolver, include, path

from clinlead.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    pattern for pattern in site_urlpatterns if not (isinstance(pattern, URLResolver) and pattern.namespace == "website")
] + [path("moved/", include("clinlead.website.urls", namespace="website"))]
