"""Every app's door says what it offers: `api.py` lists its names in `__all__`, and each function behind it
has a docstring of its own, so a caller never needs to read the app's internals (docs/decisions/0017)."""

import importlib
import inspect
from pathlib import Path

import pytest

# Apps with a door; the pages (player, website) have none: nothing calls them.
APPS = sorted(path.parent.name for path in (Path(__file__).parent.parent / "clinlead").glob("*/api.py"))


def test_every_app_with_a_door_is_found() -> None:
    assert {"accounts", "authoring", "catalogue", "certificates", "content", "learning", "mylearning"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_every_function_of_an_api_is_listed_and_has_a_docstring(app: str) -> None:
    api = importlib.import_module(f"clinlead.{app}.api")
    assert isinstance(api.__all__, list), f"clinlead/{app}/api.py has no __all__"
    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert missing == [], f"listed in __all__ but not there: {missing}"
    written_here = {name for name, value in vars(api).items() if getattr(value, "__module__", "") == api.__name__}
    unlisted = [name for name in written_here if inspect.isfunction(getattr(api, name))]
    unlisted = [name for name in unlisted if not name.startswith("_") and name not in api.__all__]
    assert unlisted == [], f"clinlead/{app}/api.py offers functions it does not list in __all__: {unlisted}"
    undocumented = [name for name in api.__all__ if inspect.isfunction(getattr(api, name))]
    undocumented = [name for name in undocumented if not (getattr(api, name).__doc__ or "").strip()]
    assert undocumented == [], f"clinlead/{app}/api.py: functions without a docstring: {undocumented}"
