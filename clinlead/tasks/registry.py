"""Which tasks exist, by name, and which run every day.

A task is known to a process once the module that defines it is imported. `TasksConfig.ready` imports every
installed app's `background` module (as the admin finds `admin` modules), so the web process, a Celery worker and
beat all know the same tasks once Django is set up; a task defined elsewhere is known once that module is imported.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .progress import Progress

TaskFunction = Callable[..., dict[str, Any]]


class TaskFailed(Exception):
    """Raised by a task for a failure that trying again cannot mend (a file that is wrong, a right withdrawn).

    Its message is shown to the person who started the run, so write it for them: what is wrong and what to do.
    The run fails at once, without retries.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TaskDefinition:
    name: str
    function: TaskFunction
    retries: int


_TASKS: dict[str, TaskDefinition] = {}
_DAILY: dict[str, datetime.time] = {}


def register(name: str, function: TaskFunction, retries: int) -> None:
    if not name or len(name) > 200:
        raise ValueError(f"task name {name!r}: expected 1 to 200 characters")
    if retries < 0:
        raise ValueError(f"task {name!r}: retries={retries}, expected 0 or more")
    existing = _TASKS.get(name)
    if existing and (existing.function.__module__, existing.function.__qualname__) != (
        function.__module__,
        function.__qualname__,
    ):
        raise ValueError(
            f"task {name!r} is defined twice: in {existing.function.__module__}.{existing.function.__qualname__} "
            f"and in {function.__module__}.{function.__qualname__}; give one of them another name"
        )
    _TASKS[name] = TaskDefinition(name=name, function=function, retries=retries)


def definition(name: str) -> TaskDefinition:
    try:
        return _TASKS[name]
    except KeyError:
        known = ", ".join(sorted(_TASKS)) or "none"
        raise LookupError(
            f"no task is called {name!r} in this process (known: {known}); define it with @tasks.api.task "
            "in a module this process imports, such as the app's background.py"
        ) from None


def is_registered(name: str) -> bool:
    return name in _TASKS


def schedule_daily(name: str, at: datetime.time) -> None:
    definition(name)  # refuse a schedule for a task nobody defined, now rather than at midnight
    if at.tzinfo is not None:
        raise ValueError(f"every_day({name!r}, at={at}): give a time without a time zone; TIME_ZONE applies")
    _DAILY[name] = at


def daily() -> dict[str, datetime.time]:
    return dict(_DAILY)


def task_decorator(name: str, retries: int) -> Callable[[TaskFunction], TaskFunction]:
    def decorate(function: TaskFunction) -> TaskFunction:
        register(name, function, retries)
        return function

    return decorate


def call(definition: TaskDefinition, progress: "Progress", kwargs: dict[str, Any]) -> dict[str, Any]:
    result = definition.function(progress, **kwargs)
    if result is None:
        return {}
    if not isinstance(result, dict):
        raise TypeError(f"task {definition.name!r} returned {type(result).__name__}; a task returns a dict")
    try:
        json.dumps(result)
    except (TypeError, ValueError) as error:
        raise TypeError(f"task {definition.name!r} returned what cannot be stored as JSON: {error}") from None
    return result
