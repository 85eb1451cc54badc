"""Checks across the files of a programme: references, coverage and pathway rules."""

from pathlib import Path

from clinlead.content import data

from .problems import ProblemList
from .programme import ProgrammeReader


def check_programme(programme: data.Programme, reader: ProgrammeReader, problems: ProblemList) -> None:
    folder = reader.folder
    # A session is known by its file name, so one broken file does not also break every link to it.
    session_keys = {path.stem for path in (folder / "sessions").glob("*.md")}
    element_keys = {e.key for domain in programme.framework.domains for e in domain.elements}
    domain_keys = {domain.key for domain in programme.framework.domains}
    for element_key, path, line in reader.element_uses:
        if element_key not in element_keys:
            problems.add(path, line, f"unknown framework element '{element_key}' (see framework.md)")
    for domain_key, path, line in reader.domain_uses:
        if domain_key not in domain_keys:
            problems.add(path, line, f"unknown framework domain '{domain_key}' (see framework.md)")
    _check_pathways(programme, reader, problems, session_keys)
    targets = {
        "session": session_keys,
        "page": {page.slug for page in programme.pages},
        "library": {item.key for item in programme.library},
        "pathway": {path.stem for path in (folder / "pathways").glob("*.md")},
        "framework": domain_keys | {""},
    }
    for reference in reader.references:
        if reference.key not in targets[reference.kind]:
            problems.add(
                Path(reference.path),
                reference.line,
                f"broken internal link '{reference.kind}:{reference.key}': no such {reference.kind}",
            )
    if not session_keys:
        problems.add(folder / "sessions", 1, "the programme has no sessions")


def _check_pathways(
    programme: data.Programme, reader: ProgrammeReader, problems: ProblemList, session_keys: set[str]
) -> None:
    if not programme.pathways:
        problems.add(reader.folder / "pathways", 1, "the programme needs at least one pathway")
        return
    for pathway_key, uses in reader.pathway_session_lines.items():
        seen: dict[str, int] = {}
        for session_key, path, line in uses:
            if session_key not in session_keys:
                problems.add(path, line, f"pathway '{pathway_key}' lists unknown session '{session_key}'")
            elif session_key in seen:
                problems.add(path, line, f"session '{session_key}' is listed twice (first on line {seen[session_key]})")
            seen.setdefault(session_key, line)
        # A pathway is only a grouping: every pathway holds every session.
        for session_key in sorted(session_keys - seen.keys()):
            problems.add(
                reader.folder / "sessions" / f"{session_key}.md",
                1,
                f"session '{session_key}' is in no group of pathway '{pathway_key}'",
            )
