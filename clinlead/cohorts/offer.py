"""What a trainer can assign: the sessions of a programme, grouped in the modules of its first pathway."""

from dataclasses import dataclass

from clinlead.catalogue import api as catalogue


@dataclass(frozen=True)
class Offer:
    programme_key: str
    programme_title: str
    modules: list[tuple[str, str, tuple[str, ...]]]  # key, title, session keys
    sessions: list[tuple[str, str]]  # key, title, in the pathway's order, then the rest by title


def offer(programme_key: str = "") -> Offer | None:
    """The programme with this key, or the first by title; None before any content is loaded."""
    programmes = catalogue.list_programmes()
    chosen = next((p for p in programmes if p.key == programme_key), programmes[0] if programmes else None)
    if chosen is None:
        return None
    titles = catalogue.session_titles(chosen.key)
    overview = catalogue.programme_overview(chosen.key)
    modules: list[tuple[str, str, tuple[str, ...]]] = []
    if overview.pathways:
        pathway = catalogue.pathway(chosen.key, overview.pathways[0].key)
        modules = [(g.key, g.title, tuple(s.key for s in g.sessions)) for g in pathway.groups]
    ordered = [key for _, _, keys in modules for key in keys if key in titles]
    rest = sorted((k for k in titles if k not in ordered), key=lambda k: titles[k])
    return Offer(chosen.key, chosen.title, modules, [(k, titles[k]) for k in dict.fromkeys(ordered + rest)])
