"""The one map of the house, drawn from where it is enforced.

The layers come from `.importlinter` (the `layers` contract over `clinlead`), what each app is from its
AppConfig's docstring (`clinlead/<app>/apps.py`), and the events from what an AppConfig connects to in another
app. From these it writes the Mermaid diagram in docs/decisions/0017 and the apps' rows of README's layout table,
between their marker comments. Standard library only: it runs before anything is installed, without Django.

    python tools/housemap.py --check   # exit 1, with a diff, when the docs differ or the map misses an app
    python tools/housemap.py --write   # rewrite the docs from the sources
"""

import argparse
import ast
import configparser
import difflib
import itertools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTAINER = "clinlead"
CONFIG = ".importlinter"
# (file, marker): the text between <!-- housemap:marker --> and <!-- /housemap:marker --> is generated.
DIAGRAM = ("docs/decisions/0017-one-map-of-the-house.md", "diagram")
LAYOUT = ("README.md", "layout")
FIX = ".venv/bin/python tools/housemap.py --write"


@dataclass(frozen=True)
class Layer:
    names: tuple[str, ...]
    independent: bool
    optional: frozenset[str]  # written "(name)": planned, and on the map before it exists


@dataclass(frozen=True)
class App:
    name: str
    what: str  # the AppConfig docstring, on one line
    receives: tuple[tuple[str, str], ...]  # (sending app, signal) this app subscribes to


@dataclass(frozen=True)
class House:
    layers: tuple[Layer, ...]
    doors: tuple[str, ...]  # protected_modules of every protected contract
    children: dict[str, str]  # every child of clinlead on disk: name -> "app", "package" or "module"
    apps: dict[str, App]


class MapError(Exception):
    """The sources cannot be read as a map; the message says which file and what is wrong."""


def parse_layer(line: str) -> Layer:
    # import-linter's syntax: "a | b" independent siblings, "a : b" siblings that may import each other.
    separator = "|" if "|" in line else ":"
    names, optional = [], set()
    for part in line.split(separator):
        name = part.strip()
        if name.startswith("(") and name.endswith(")"):
            name = name[1:-1].strip()
            optional.add(name)
        names.append(name)
    return Layer(tuple(names), separator == "|", frozenset(optional))


def read_contracts(root: Path) -> tuple[tuple[Layer, ...], tuple[str, ...]]:
    # The same parser import-linter uses, so both read the same file the same way.
    config = configparser.ConfigParser()
    config.read_string((root / CONFIG).read_text())
    layers: list[Layer] | None = None
    doors: list[str] = []
    for section in config.sections():
        contract = config[section]
        if contract.get("type") == "layers" and contract.get("containers", "").split() == [CONTAINER]:
            layers = [parse_layer(line) for line in contract.get("layers", "").splitlines() if line.strip()]
        elif contract.get("type") == "protected":
            doors += contract.get("protected_modules", "").split()
    if not layers:
        raise MapError(f"{CONFIG}: no layers contract with containers = {CONTAINER}; the map is drawn from it")
    return tuple(layers), tuple(doors)


def read_children(root: Path) -> dict[str, str]:
    children = {}
    for path in sorted((root / CONTAINER).iterdir()):
        if path.is_dir() and (path / "__init__.py").exists():
            children[path.name] = "app" if (path / "apps.py").exists() else "package"
        elif path.suffix == ".py" and path.name != "__init__.py":
            children[path.stem] = "module"
    return children


def read_app(root: Path, name: str) -> App:
    path = root / CONTAINER / name / "apps.py"
    tree = ast.parse(path.read_text(), filename=str(path))
    configs = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(ast.unparse(base).endswith("AppConfig") for base in node.bases)
    ]
    if len(configs) != 1:
        raise MapError(f"{path.relative_to(root)}: expected one AppConfig class, found {len(configs)}")
    config = configs[0]
    docstring = ast.get_docstring(config)
    if not docstring:
        raise MapError(
            f"{path.relative_to(root)}:{config.lineno}: {config.name} has no docstring; say in a sentence what "
            "the app is (README's layout table shows it)"
        )
    return App(name, " ".join(docstring.split()), receives(config, name))


def receives(config: ast.ClassDef, own: str) -> tuple[tuple[str, str], ...]:
    """The signals of other apps this AppConfig connects to: `from clinlead.<app>.api import signal` (or
    `from clinlead.<app> import api`) and then `signal.connect(...)` (or `api.signal.connect(...)`)."""
    imported: dict[str, tuple[str, str]] = {}  # local name -> (app, imported name)
    for node in ast.walk(config):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] == CONTAINER and len(parts) > 1 and parts[1] != own:
                for alias in node.names:
                    imported[alias.asname or alias.name] = (parts[1], alias.name)
    found = []
    for node in ast.walk(config):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"):
            continue
        target = node.func.value
        if isinstance(target, ast.Name) and target.id in imported:
            found.append(imported[target.id])
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in imported:
            found.append((imported[target.value.id][0], target.attr))
    return tuple(sorted(set(found)))


def read_house(root: Path) -> House:
    layers, doors = read_contracts(root)
    children = read_children(root)
    apps = {name: read_app(root, name) for name, kind in children.items() if kind == "app"}
    return House(layers, doors, children, apps)


def matches(expression: str, module: str) -> bool:
    """import-linter's module expressions: `*` is one part of a dotted name, `**` one or more."""
    pattern = re.escape(expression).replace(r"\*\*", r"[^.]+(?:\.[^.]+)*").replace(r"\*", r"[^.]+")
    return re.fullmatch(pattern, module) is not None


def problems(house: House) -> list[str]:
    found = []
    placed = {name for layer in house.layers for name in layer.names}
    for name, kind in house.children.items():
        path = f"{CONTAINER}/{name}/" if kind != "module" else f"{CONTAINER}/{name}.py"
        if name not in placed:
            found.append(
                f"{path} is not on the map: place `{name}` in the layers of {CONFIG}, below what imports it and "
                "above what it imports (docs/decisions/0017)"
            )
        if kind == "app" and not any(matches(door, f"{CONTAINER}.{name}") for door in house.doors):
            found.append(
                f"{path} is an app outside the doors: add {CONTAINER}.{name} to protected_modules of the "
                f"protected contract in {CONFIG} (today: {', '.join(house.doors) or 'none'})"
            )
    for layer in house.layers:
        for name in layer.names:
            if name not in house.children and name not in layer.optional:
                found.append(
                    f"{CONFIG}: `{name}` is in the layers but {CONTAINER} has no module {name}; remove it, or write "
                    f"`({name})` while it is planned"
                )
    return found


def node(name: str, kind: str) -> str:
    # Apps are boxes; a package that is not an app (settings) and a single module are drawn apart.
    if kind == "app":
        return f'{name}["{name}"]'
    if kind == "package":
        return f'{name}[["{name}/"]]'
    return f'{name}(["{name}.py"])'


def diagram(house: House) -> str:
    lines = ["```mermaid", "flowchart TB"]
    shown = []
    # Numbered as in .importlinter, from the top, so the text can name a layer that is planned and not drawn yet.
    for number, layer in enumerate(house.layers, 1):
        names = [name for name in layer.names if name in house.children]
        if not names:
            continue  # every module in it is planned: drawn once one exists
        siblings = "" if len(names) == 1 else " · independent" if layer.independent else " · may import each other"
        lines += [f'    subgraph layer{number}["layer {number}{siblings}"]', "        direction LR"]
        lines += [f"        {node(name, house.children[name])}" for name in names]
        lines.append("    end")
        shown.append(f"layer{number}")
    lines += [f"    {upper} --> {lower}" for upper, lower in itertools.pairwise(shown)]
    for app in house.apps.values():
        lines += [f"    {sender} -. {signal} .-> {app.name}" for sender, signal in app.receives]
    lines.append("```")
    return "\n".join(lines)


def layout(house: House) -> str:
    # From the bottom of the map up: the way data flows is the way the table reads.
    rows = ["| app | what |", "|---|---|"]
    for layer in reversed(house.layers):
        for name in layer.names:
            if name in house.apps:
                what = house.apps[name].what.replace("|", "\\|")
                rows.append(f"| `{CONTAINER}/{name}/` | {what} |")
    return "\n".join(rows)


def regenerate(text: str, marker: str, body: str, path: str) -> str:
    start, end = f"<!-- housemap:{marker} -->", f"<!-- /housemap:{marker} -->"
    before, found, rest = text.partition(start)
    if not found or end not in rest:
        raise MapError(f"{path}: the generated part must sit between the lines {start} and {end}")
    after = rest.partition(end)[2]
    return f"{before}{start}\n{body}\n{end}{after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw the map of the house from .importlinter and the AppConfigs.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 when the docs or the map are out of date")
    mode.add_argument("--write", action="store_true", help="rewrite the generated parts of the docs")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    try:
        house = read_house(args.root)
        drifted = []
        for (path, marker), draw in ((DIAGRAM, diagram), (LAYOUT, layout)):
            old = (args.root / path).read_text()
            new = regenerate(old, marker, draw(house), path)
            if new == old:
                continue
            if args.write:
                (args.root / path).write_text(new)
                print(f"housemap: wrote {path}")
            else:
                drifted.append(path)
                diff = difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}")
                sys.stdout.writelines(diff)
    except MapError as error:
        print(f"housemap: {error}", file=sys.stderr)
        return 1
    found = problems(house)
    for problem in found:
        print(f"housemap: {problem}", file=sys.stderr)
    if drifted:
        print(f"housemap: {' and '.join(drifted)} differ from the map; run: {FIX}", file=sys.stderr)
    return 1 if found or drifted else 0


if __name__ == "__main__":
    sys.exit(main())
