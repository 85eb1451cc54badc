"""Reading the forms on an HTML page, as a browser would see them (for tests driven by requests)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[HtmlForm] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(HtmlForm(action=attributes.get("action", ""), method=attributes.get("method", "get")))
        elif tag == "input" and self.forms and "name" in attributes:
            self.forms[-1].fields[attributes["name"]] = attributes.get("value", "")


def forms_on(html: str) -> list[HtmlForm]:
    """Every form on the page with its inputs' names and values (html.parser unescapes the values)."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms
