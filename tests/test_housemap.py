"""tools/housemap.py: the map's diagram and README's table of apps follow .importlinter and the AppConfigs, and
`--check` fails, saying how to mend it, when they do not or when an app is not on the map."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "housemap.py"
RECORD = "docs/decisions/0017-one-map-of-the-house.md"


def housemap(root: Path, mode: str = "--check") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter running our own tool
        [sys.executable, str(TOOL), mode, "--root", str(root)], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def house(tmp_path: Path) -> Path:
    """A copy of what the tool reads and writes."""
    shutil.copytree(REPO / "clinlead", tmp_path / "clinlead", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    for path in (".importlinter", "README.md", RECORD):
        shutil.copy(REPO / path, tmp_path / path)
    return tmp_path


def test_the_map_in_this_repository_is_up_to_date() -> None:
    result = housemap(REPO)

    assert result.returncode == 0, result.stdout + result.stderr
    record = (REPO / RECORD).read_text()
    assert "learning -. completion_recorded .-> certificates" in record
    assert "| `clinlead/catalogue/` | What exists:" in (REPO / "README.md").read_text()


def test_a_drifted_readme_fails_with_a_diff_and_the_command_that_mends_it(house: Path) -> None:
    readme = house / "README.md"
    original = readme.read_text()
    readme.write_text(
        original.replace("| `clinlead/player/` | Takes a learner", "| `clinlead/player/` | Shows a learner")
    )

    result = housemap(house)

    assert result.returncode == 1
    assert "--- a/README.md" in result.stdout
    assert "-| `clinlead/player/` | Shows a learner" in result.stdout
    assert "+| `clinlead/player/` | Takes a learner" in result.stdout
    assert "README.md differ from the map; run: .venv/bin/python tools/housemap.py --write" in result.stderr

    assert housemap(house, "--write").returncode == 0
    assert readme.read_text() == original
    assert housemap(house).returncode == 0


def test_a_layer_moved_in_the_contract_redraws_the_diagram_and_the_table(house: Path) -> None:
    config = house / ".importlinter"
    text = config.read_text()
    moved = text.replace("    certificates\n    learning | accounts\n", "    learning | accounts\n    certificates\n")
    assert moved != text
    config.write_text(moved)

    result = housemap(house)

    assert result.returncode == 1
    assert f"--- a/{RECORD}" in result.stdout
    assert "--- a/README.md" in result.stdout


def test_an_app_missing_from_the_map_fails(house: Path) -> None:
    app = house / "clinlead" / "planted"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "apps.py").write_text(
        'from django.apps import AppConfig\n\n\nclass PlantedConfig(AppConfig):\n    """Planted."""\n'
    )

    result = housemap(house)

    assert result.returncode == 1
    assert "clinlead/planted/ is not on the map: place `planted` in the layers of .importlinter" in result.stderr


def test_an_app_outside_the_doors_fails(house: Path) -> None:
    config = house / ".importlinter"
    config.write_text(
        config.read_text().replace(
            "protected_modules =\n    clinlead.*\n", "protected_modules =\n    clinlead.learning\n"
        )
    )

    result = housemap(house)

    assert result.returncode == 1
    assert "clinlead/player/ is an app outside the doors: add clinlead.player to protected_modules" in result.stderr
    assert "clinlead/learning/ is an app outside" not in result.stderr


def test_an_app_without_a_docstring_is_named_with_its_line(house: Path) -> None:
    apps = house / "clinlead" / "player" / "apps.py"
    apps.write_text(
        'from django.apps import AppConfig\n\n\nclass PlayerConfig(AppConfig):\n    name = "clinlead.player"\n'
    )

    result = housemap(house)

    assert result.returncode == 1
    assert "clinlead/player/apps.py:4: PlayerConfig has no docstring" in result.stderr


def test_a_planned_module_is_drawn_once_it_exists(house: Path) -> None:
    config = house / ".importlinter"
    # The bottom layer of the map, whatever it holds today.
    bottom = next(line for line in config.read_text().splitlines(keepends=True) if line.startswith("    content |"))
    config.write_text(config.read_text().replace(bottom, "    (planned)\n" + bottom, 1))
    assert housemap(house, "--write").returncode == 0  # on the map, not yet drawn
    assert 'planned(["planned.py"])' not in (house / RECORD).read_text()

    (house / "clinlead" / "planned.py").write_text('"""Planned."""\n')
    assert housemap(house).returncode == 1
    assert housemap(house, "--write").returncode == 0
    assert 'planned(["planned.py"])' in (house / RECORD).read_text()
