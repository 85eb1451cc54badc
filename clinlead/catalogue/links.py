"""How references in content become this site's URLs when content is loaded."""

from django.templatetags.static import static
from django.urls import reverse


class SiteLinks:
    def __init__(self, programme_key: str) -> None:
        self.programme_key = programme_key

    def internal(self, kind: str, key: str) -> str:
        p = self.programme_key
        if kind == "framework":
            url = reverse("website:framework", args=[p])
            return f"{url}#domain-{key}" if key else url
        names = {"session": "website:session", "page": "website:page", "library": "website:library-item"}
        if kind == "pathway":
            return reverse("website:pathway", args=[p, key])
        return reverse(names[kind], args=[p, key])

    def media(self, relative_path: str) -> str:
        return static(f"content/{self.programme_key}/{relative_path}")
