"""Reading front matter and YAML blocks field by field, with a clear message for each mistake."""

from pathlib import Path
from typing import Any

from .problems import ProblemList
from .yaml_lines import LineDict, LineList, YamlError, load_yaml


class FrontMatter:
    """A content file split into its YAML front matter and its Markdown body."""

    def __init__(self, data: LineDict, body: str, body_first_line: int) -> None:
        self.data = data
        self.body = body
        self.body_first_line = body_first_line


def read_front_matter(path: Path, text: str, problems: ProblemList) -> FrontMatter | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "the file must start with front matter: a line '---', YAML fields, then '---'")
        return None
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(path, 1, "front matter is not closed: add a line '---' after the fields")
        return None
    try:
        data = load_yaml("\n".join(lines[1:closing]), first_line=2)
    except YamlError as error:
        problems.add(path, error.line, error.message)
        return None
    if not isinstance(data, LineDict):
        problems.add(path, 2, "front matter must be fields written as 'name: value'")
        return None
    return FrontMatter(data, "\n".join(lines[closing + 1 :]), closing + 2)


def parse_yaml_block(path: Path, text: str, first_line: int, problems: ProblemList) -> LineDict | None:
    try:
        data = load_yaml(text, first_line=first_line)
    except YamlError as error:
        problems.add(path, error.line, error.message)
        return None
    if not isinstance(data, LineDict):
        problems.add(path, first_line - 1, "the block must hold fields written as 'name: value'")
        return None
    return data


class Fields:
    """Typed access to a YAML mapping; each mistake becomes a problem at the field's line."""

    def __init__(self, path: Path, data: LineDict, problems: ProblemList, allowed: set[str], what: str) -> None:
        self.path = path
        self.data = data
        self.problems = problems
        self.what = what
        for key in data:
            if key not in allowed:
                self.problem(
                    data.line_of(key), f"unknown field '{key}' in {what} (allowed: {', '.join(sorted(allowed))})"
                )

    def problem(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)

    def line(self, key: str) -> int:
        return self.data.line_of(key)

    def key_named_after(self, path: Path) -> str:
        """The `key` field, which must be the file's name (or, for programme.md, its folder's): links, URLs
        and checks find a piece of content by the name of its file, and the key must agree with it."""
        key = self.text("key")
        if path.name == "programme.md":
            expected, shown = path.parent.name, f"the folder name '{path.parent.name}'"
        else:
            expected, shown = path.stem, f"the file name '{path.stem}.md'"
        if key and key != expected:
            self.problem(self.line("key"), f"key '{key}' must match {shown}")
        return key

    def _missing(self, key: str) -> None:
        self.problem(self.data.start_line, f"{self.what} is missing the field '{key}'")

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self._missing(key)
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(self.line(key), f"'{key}' must be text")
            return default
        return str(value).strip()

    def integer(self, key: str, required: bool = True, default: int = 0, minimum: int = 1) -> int:
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key)
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(self.line(key), f"'{key}' must be a whole number of at least {minimum}, not '{value}'")
            return default
        return int(value)

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(self.line(key), f"'{key}' must be true or false, not '{value}'")
            return default
        return value

    def text_list(self, key: str, required: bool = True) -> list[tuple[str, int]]:
        """Each item with its line. Numbers such as 1.1 are read as text."""
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key)
            return []
        if not isinstance(value, LineList):
            self.problem(self.line(key), f"'{key}' must be a list, one '- item' a line")
            return []
        items: list[tuple[str, int]] = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None or str(item).strip() == "":
                self.problem(value.line_of(index), f"each item of '{key}' must be text")
                continue
            items.append((str(item).strip(), value.line_of(index)))
        return items

    def mapping_list(self, key: str, required: bool = True) -> list[LineDict]:
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key)
            return []
        if not isinstance(value, LineList):
            self.problem(self.line(key), f"'{key}' must be a list of entries, each starting with '- '")
            return []
        entries = []
        for index, item in enumerate(value):
            if not isinstance(item, LineDict):
                self.problem(value.line_of(index), f"each entry of '{key}' must hold fields written as 'name: value'")
                continue
            entries.append(item)
        return entries

    def raw(self, key: str) -> Any:
        return self.data.get(key)
