"""YAML that remembers the line of every key, so a problem can name it.

PyYAML's SafeLoader drops positions once it has built Python objects; we keep the
key's line from the node it composed. PyYAML is the well-kept parser; this only adds lines.
"""

from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping from YAML, with `line_of(key)` giving the 1-based line of each key."""

    def __init__(self, *args: Any, start_line: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_line = start_line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.start_line)


class LineList(list[Any]):
    """A sequence from YAML, with the 1-based line of each item."""

    def __init__(self, *args: Any, start_line: int = 1) -> None:
        super().__init__(*args)
        self.start_line = start_line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.start_line


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict(start_line=node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
        if isinstance(key, (int, float)):
            key = str(key)
        if key in result:
            raise yaml.MarkedYAMLError(problem=f"the key '{key}' appears twice", problem_mark=key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)  # type: ignore[no-untyped-call]
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(start_line=node.start_mark.line + 1)
    for item_node in node.value:
        result.append(loader.construct_object(item_node, deep=True))  # type: ignore[no-untyped-call]
        result.item_lines.append(item_node.start_mark.line + 1)
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse YAML; lines in the result and in YamlError count from `first_line`."""
    # Pad with blank lines so PyYAML's own line numbers match the file's.
    padded = "\n" * (first_line - 1) + text
    try:
        return yaml.load(padded, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else first_line
        problem = error.problem or "is not valid YAML"
        if "mapping values are not allowed" in problem:
            # The commonest mistake by far: prose with a colon in it, such as "Not yet: try again".
            problem += " (a value with ': ' in it must be put in quotes)"
        raise YamlError(line, f"invalid YAML: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlError(first_line, f"invalid YAML: {error}") from error
