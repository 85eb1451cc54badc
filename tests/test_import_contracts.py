"""The import contracts bite: a violation planted in a copy of the code fails `lint-imports`, naming it.

Each run analyses a copy in a temporary folder: lint-imports puts its working directory first on sys.path, and
PYTHONPATH is dropped, so the copy is what grimp reads (the planted modules exist nowhere else). No cache, so a
graph from another run is never reused.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]
COLOUR = re.compile(r"\x1b\[[0-9;]*m")

# The internal module every plant reaches for, and who reaches for it.
INTERNAL = ("clinlead/learning/planted_internal.py", "PLANTED = 1\n")
USE_INTERNAL = "from clinlead.learning.planted_internal import PLANTED  # noqa: F401\n"
# Each must be named: outside learning, none of them may see its internals.
FORBIDDEN = {
    "clinlead/player/views.py": "clinlead.player.views -> clinlead.learning.planted_internal",
    "clinlead/player/tests/test_planted.py": "clinlead.player.tests.test_planted -> clinlead.learning.planted_internal",
    "tests/test_planted.py": "tests.test_planted -> clinlead.learning.planted_internal",
    "bench/planted.py": "bench.planted -> clinlead.learning.planted_internal",
    "clinlead/settings/planted.py": "clinlead.settings.planted -> clinlead.learning.planted_internal",
}
# Inside learning, its own modules and its own tests may.
ALLOWED = {
    "clinlead/learning/planted_user.py": "clinlead.learning.planted_user",
    "clinlead/learning/tests/test_planted.py": "clinlead.learning.tests.test_planted",
}
USE_TESTING = "from clinlead.learning.testing import let_time_pass  # noqa: F401\n"
# Everyone may come in through the doors: the package, its api and its data.
THROUGH_THE_DOORS = "from clinlead.learning import api, data  # noqa: F401\nimport clinlead.learning  # noqa: F401\n"


def copy_of_the_house(folder: Path) -> Path:
    for name in ("clinlead", "tests", "bench"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / ".importlinter", folder / ".importlinter")
    return folder


def lint_imports(folder: Path) -> tuple[int, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(  # noqa: S603 - our own interpreter running lint-imports
        [*LINT_IMPORTS, "--no-cache"],
        cwd=folder,
        env={**env, "COLUMNS": "300", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, COLOUR.sub("", result.stdout + result.stderr)


def plant(folder: Path, path: str, code: str) -> None:
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a") as file:
        file.write(code)


def test_the_code_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    code, output = lint_imports(copy_of_the_house(tmp_path))

    assert code == 0, output
    assert "0 broken" in output


def test_planted_violations_are_each_named(tmp_path: Path) -> None:
    house = copy_of_the_house(tmp_path)
    plant(house, *INTERNAL)
    for path in [*FORBIDDEN, *ALLOWED]:
        plant(house, path, USE_INTERNAL)
    plant(house, "clinlead/player/planted_doors.py", THROUGH_THE_DOORS)
    plant(house, "tests/test_planted_doors.py", THROUGH_THE_DOORS)
    # The doors for tests (an app's testing.py) open to tests only: to the cross-app tests and another app's tests,
    # never to code that runs in the site.
    plant(house, "tests/test_planted_testing.py", USE_TESTING)
    plant(house, "clinlead/player/tests/test_planted_testing.py", USE_TESTING)
    plant(house, "clinlead/player/planted_testing.py", USE_TESTING)
    # A new app that nobody put on the map, whose internals another app reaches for.
    plant(house, "clinlead/planted_app/__init__.py", "")
    plant(house, "clinlead/planted_app/secret.py", "SECRET = 1\n")
    plant(house, "clinlead/planted_app/own.py", "from clinlead.planted_app.secret import SECRET  # noqa: F401\n")
    plant(house, "clinlead/website/planted.py", "from clinlead.planted_app.secret import SECRET  # noqa: F401\n")
    # An arrow pointing up the layers (through a door), and one between the independent pages.
    plant(house, "clinlead/catalogue/planted.py", "from clinlead.learning import api  # noqa: F401\n")
    plant(house, "clinlead/mylearning/planted.py", "from clinlead import player  # noqa: F401\n")

    code, output = lint_imports(house)

    assert code == 1, output
    for named in FORBIDDEN.values():
        assert f"- {named} (l." in output
    for importer in [*ALLOWED.values(), "planted_doors", "test_planted_testing"]:
        assert importer not in output
    assert "- clinlead.player.planted_testing -> clinlead.learning.testing (l.1)" in output
    assert "The following modules are not listed as layers:\n\n- clinlead.planted_app\n" in output
    assert "- clinlead.website.planted -> clinlead.planted_app.secret (l.1)" in output
    assert "clinlead.planted_app.own" not in output
    assert "clinlead.catalogue is not allowed to import clinlead.learning:" in output
    assert "clinlead.mylearning is not allowed to import clinlead.player:" in output
    assert "3 broken" in output


def test_an_ignored_import_that_no_longer_happens_fails(tmp_path: Path) -> None:
    # So an exception in .importlinter cannot outlive the import it excused.
    house = copy_of_the_house(tmp_path)
    config = (house / ".importlinter").read_text()
    stale = "tests.test_planted -> clinlead.learning.models"
    (house / ".importlinter").write_text(
        config.replace("    ** -> clinlead.*.data\n", f"    ** -> clinlead.*.data\n    {stale}\n")
    )

    code, output = lint_imports(house)

    assert code == 1, output
    assert f"No matches for ignored import {stale}." in output
