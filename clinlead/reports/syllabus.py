"""What a report can be about: the first programme's sessions, grouped in the modules of its first pathway (as
managers assign them, workforce's enrol page) and in the domains of its competency framework."""

from dataclasses import dataclass

from clinlead.catalogue import api as catalogue


@dataclass(frozen=True)
class Group:
    """A module or a domain: a titled set of sessions."""

    key: str
    title: str
    session_keys: tuple[str, ...]


@dataclass(frozen=True)
class Syllabus:
    programme_key: str
    programme_title: str
    session_titles: dict[str, str]  # every session, in the pathway's order where it has one
    modules: tuple[Group, ...]
    domains: tuple[Group, ...]


def syllabus() -> Syllabus | None:
    """The first programme (by title) and its modules and domains; None before any content is loaded."""
    programmes = catalogue.list_programmes()
    if not programmes:
        return None
    programme = programmes[0]
    titles = catalogue.session_titles(programme.key)
    groups = catalogue.first_pathway_groups(programme.key)
    modules = tuple(Group(g.key, g.title, tuple(s.key for s in g.sessions)) for g in groups)
    domains = tuple(
        Group(d.key, d.title, tuple(dict.fromkeys(s.key for e in d.elements for s in e.sessions)))
        for d in catalogue.framework(programme.key).domains
    )
    ordered = [k for m in modules for k in m.session_keys] + sorted(titles, key=lambda k: titles[k])
    return Syllabus(
        programme.key, programme.title, {k: titles[k] for k in dict.fromkeys(ordered) if k in titles}, modules, domains
    )
