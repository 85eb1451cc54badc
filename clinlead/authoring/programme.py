"""Reading a programme folder: its metadata, site pages, framework, pathways, sessions and library."""

from pathlib import Path

from clinlead.content import data

from .blocks import video_files
from .fields import Fields, read_front_matter
from .links import LinkReference
from .markdown import MarkdownContext
from .problems import ProblemList
from .sessions import read_session
from .yaml_lines import LineDict

SITE_PAGE_FIELDS = {"title", "summary", "order"}
LIBRARY_KINDS = ("article", "video")


class ProgrammeReader:
    """Reads every file of one programme; problems collect in `problems`, links in `references`."""

    def __init__(self, folder: Path, problems: ProblemList) -> None:
        self.folder = folder
        self.problems = problems
        self.references: list[LinkReference] = []
        self.element_uses: list[tuple[str, Path, int]] = []  # (element key, file, line)
        self.domain_uses: list[tuple[str, Path, int]] = []
        self.pathway_session_lines: dict[str, list[tuple[str, Path, int]]] = {}

    def context(self, path: Path) -> MarkdownContext:
        return MarkdownContext(path, self.problems, self.folder / "media", self.references)

    def read(self) -> data.Programme | None:
        programme_file = self.folder / "programme.md"
        if not programme_file.is_file():
            self.problems.add(programme_file, 1, "every programme folder needs a programme.md")
            return None
        text = programme_file.read_text(encoding="utf-8")
        front = read_front_matter(programme_file, text, self.problems)
        if front is None:
            return None
        fields = Fields(programme_file, front.data, self.problems, {"key", "title", "summary"}, "programme.md")
        key = fields.key_named_after(programme_file)
        framework = self._read_framework()
        return data.Programme(
            key=key,
            title=fields.text("title"),
            summary=fields.text("summary"),
            intro_html=self.context(programme_file).render(front.body, front.body_first_line),
            pages=tuple(self._read_site_pages()),
            framework=framework,
            pathways=tuple(self._read_pathways()),
            sessions=tuple(self._read_sessions()),
            library=tuple(self._read_library()),
        )

    def _files(self, subfolder: str) -> list[Path]:
        return sorted((self.folder / subfolder).glob("*.md"))

    def _read_site_pages(self) -> list[data.SitePage]:
        pages = []
        for path in self._files("pages"):
            front = read_front_matter(path, path.read_text(encoding="utf-8"), self.problems)
            if front is None:
                continue
            fields = Fields(path, front.data, self.problems, SITE_PAGE_FIELDS, "the page's front matter")
            pages.append(
                data.SitePage(
                    slug=path.stem,
                    title=fields.text("title"),
                    summary=fields.text("summary"),
                    order=fields.integer("order"),
                    html=self.context(path).render(front.body, front.body_first_line),
                )
            )
        return pages

    def _read_framework(self) -> data.Framework:
        path = self.folder / "framework.md"
        empty = data.Framework(key="", title="", summary="", intro_html=data.Html(), domains=())
        if not path.is_file():
            self.problems.add(path, 1, "every programme needs a framework.md describing its competency framework")
            return empty
        front = read_front_matter(path, path.read_text(encoding="utf-8"), self.problems)
        if front is None:
            return empty
        fields = Fields(path, front.data, self.problems, {"key", "title", "summary", "domains"}, "framework.md")
        domains = []
        seen: dict[str, int] = {}
        for entry in fields.mapping_list("domains"):
            domain = Fields(path, entry, self.problems, {"key", "title", "summary", "senior", "elements"}, "a domain")
            elements = []
            for element_entry in domain.mapping_list("elements"):
                element = Fields(path, element_entry, self.problems, {"key", "title", "summary"}, "an element")
                elements.append(
                    data.Element(element.text("key"), element.text("title"), element.text("summary", required=False))
                )
                self._check_unique(element.text("key"), element_entry.line_of("key"), seen, path, "element")
            domain_key = domain.text("key")
            self._check_unique(domain_key, entry.line_of("key"), seen, path, "domain")
            for element_key in (e.key for e in elements):
                if domain_key and not element_key.startswith(domain_key + "."):
                    domain.problem(entry.start_line, f"element {element_key} must be numbered {domain_key}.n")
            domains.append(
                data.Domain(
                    key=domain_key,
                    title=domain.text("title"),
                    summary=domain.text("summary", required=False),
                    senior=domain.boolean("senior"),
                    elements=tuple(elements),
                )
            )
        return data.Framework(
            key=fields.text("key"),
            title=fields.text("title"),
            summary=fields.text("summary"),
            intro_html=self.context(path).render(front.body, front.body_first_line),
            domains=tuple(domains),
        )

    def _check_unique(self, key: str, line: int, seen: dict[str, int], path: Path, what: str) -> None:
        if not key:
            return
        if key in seen:
            self.problems.add(path, line, f"duplicate {what} key '{key}' (first used on line {seen[key]})")
        else:
            seen[key] = line

    def _read_pathways(self) -> list[data.Pathway]:
        pathways = []
        for path in self._files("pathways"):
            front = read_front_matter(path, path.read_text(encoding="utf-8"), self.problems)
            if front is None:
                continue
            allowed = {"key", "title", "summary", "order", "groups"}
            fields = Fields(path, front.data, self.problems, allowed, "the pathway's front matter")
            key = fields.key_named_after(path)
            uses = self.pathway_session_lines.setdefault(key or path.stem, [])
            groups = []
            for entry in fields.mapping_list("groups"):
                group = Fields(path, entry, self.problems, {"key", "title", "intro", "domain", "sessions"}, "a group")
                sessions = group.text_list("sessions")
                uses.extend((session_key, path, line) for session_key, line in sessions)
                domain_key = group.text("domain", required=False)
                if domain_key:
                    self.domain_uses.append((domain_key, path, group.line("domain")))
                intro = group.text("intro", required=False)
                groups.append(
                    data.PathwayGroup(
                        key=group.text("key"),
                        title=group.text("title"),
                        intro_html=self.context(path).render(intro, group.line("intro")) if intro else data.Html(),
                        session_keys=tuple(session_key for session_key, _ in sessions),
                        domain_key=domain_key,
                    )
                )
            pathways.append(
                data.Pathway(
                    key=key,
                    title=fields.text("title"),
                    summary=fields.text("summary"),
                    order=fields.integer("order"),
                    intro_html=self.context(path).render(front.body, front.body_first_line),
                    groups=tuple(groups),
                )
            )
        return pathways

    def _read_sessions(self) -> list[data.Session]:
        sessions = []
        for path in self._files("sessions"):
            session, elements = read_session(path, self.context(path))
            if session is not None:
                sessions.append(session)
                self.element_uses.extend((key, path, line) for key, line in elements)
        return sessions

    def _read_library(self) -> list[data.LibraryItem]:
        items = []
        allowed = {"key", "title", "type", "summary", "minutes", "domains", "video"}
        for path in self._files("library"):
            front = read_front_matter(path, path.read_text(encoding="utf-8"), self.problems)
            if front is None:
                continue
            fields = Fields(path, front.data, self.problems, allowed, "the library item's front matter")
            key = fields.key_named_after(path)
            kind = fields.text("type")
            if kind and kind not in LIBRARY_KINDS:
                fields.problem(fields.line("type"), f"type '{kind}' is not one of: {', '.join(LIBRARY_KINDS)}")
            domains = fields.text_list("domains")
            self.domain_uses.extend((domain_key, path, line) for domain_key, line in domains)
            video = self._library_video(path, fields, front.body) if kind == "video" else None
            items.append(
                data.LibraryItem(
                    key=key,
                    title=fields.text("title"),
                    kind="video" if kind == "video" else "article",
                    summary=fields.text("summary"),
                    minutes=fields.integer("minutes"),
                    domain_keys=tuple(domain_key for domain_key, _ in domains),
                    html=self.context(path).render(front.body, front.body_first_line),
                    video=video,
                )
            )
        return items

    def _library_video(self, path: Path, fields: Fields, transcript: str) -> data.VideoFiles | None:
        """A library video: `video:` names the files; the body of the file is its transcript."""
        raw = fields.raw("video")
        if not isinstance(raw, LineDict):
            fields.problem(fields.data.start_line, "a video item needs 'video:' with 'src:' and 'captions:' under it")
            return None
        if not transcript.strip():
            fields.problem(fields.data.start_line, "a video item needs its transcript as the text of the file")
        video = Fields(path, raw, self.problems, {"src", "other_formats", "captions", "poster"}, "the video")
        return video_files(video, self.context(path))
