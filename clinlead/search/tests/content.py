"""Content for the search tests: the format guide's example programme, with sessions and library items added
whose words are chosen so that a test knows where each one matches."""

from pathlib import Path

from tests.content_fixtures import edit, write_doc_example

SESSION = """---
key: {key}
title: {title}
summary: {summary}
minutes: {minutes}
version: {version}
sample: false
objectives:
  - Describe one thing this session teaches.
elements:
  - "{element}"
---
# {page_title}

{body}
"""

ARTICLE = """---
key: {key}
title: {title}
type: article
summary: {summary}
minutes: {minutes}
domains:
  - "1"
---
{body}
"""


def write_session(
    programme: Path,
    key: str,
    title: str,
    body: str,
    *,
    summary: str = "A short session written for the search tests.",
    minutes: int = 12,
    version: int = 1,
    element: str = "1.1",
    page_title: str = "The only page",
) -> Path:
    path = programme / "sessions" / f"{key}.md"
    text = SESSION.format(
        key=key,
        title=title,
        summary=summary,
        minutes=minutes,
        version=version,
        element=element,
        page_title=page_title,
        body=body,
    )
    path.write_text(text, encoding="utf-8")
    return path


def add_to_pathways(programme: Path, key: str) -> None:
    for pathway in ("by-theme", "by-domain"):
        edit(programme / "pathways" / f"{pathway}.md", "      - speaking-up\n", f"      - speaking-up\n      - {key}\n")


def write_article(programme: Path, key: str, title: str, body: str, *, summary: str, minutes: int = 5) -> Path:
    path = programme / "library" / f"{key}.md"
    path.write_text(ARTICLE.format(key=key, title=title, summary=summary, minutes=minutes, body=body), encoding="utf-8")
    return path


def write_search_content(root: Path) -> Path:
    """The example programme plus: a session with "zebra" in its title, one with it once in its body, one with
    "harmonica" in its summary, and an article with "zebra" in its text; returns the programme folder."""
    programme = write_doc_example(root)
    sessions = {
        "zebra-crossings": ("Zebra crossings of care", "Handing a patient over between teams, step by step."),
        "ward-routines": ("Ward routines", "Routines help. One team calls its checklist the zebra test."),
        "music-of-teams": ("The music of teams", "How teams keep time together."),
    }
    for key, (title, body) in sessions.items():
        if key == "music-of-teams":
            write_session(programme, key, title, body, summary="Teams that play together, like a harmonica band.")
        else:
            write_session(programme, key, title, body)
        add_to_pathways(programme, key)
    write_article(
        programme,
        "stripes-article",
        "Stripes and signals",
        "A long read on signals in teams. Somewhere in it, a zebra appears.",
        summary="Signals that teams use.",
        minutes=25,
    )
    return programme
