"""Plain data out of `tasks`."""

import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TaskData:
    """One run of a task as its starter sees it: enough for a progress bar and a page of results.

    Every field is plain data (no properties), so `dataclasses.asdict` gives all of it to a template or as JSON.
    """

    id: str
    name: str
    state: str  # "queued", "running", "succeeded" or "failed"
    done: int
    total: int
    message: str  # the task's last word on what it is doing ("Checking row 4,000 of 20,000")
    result: dict[str, Any] | None  # what the task returned, once it has succeeded
    error: str  # why it failed, in words for the person who started it ("" unless failed)
    percent: int  # 0 to 100; 100 once finished, whatever the task last reported
    finished: bool  # succeeded or failed: it will change no more
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @property
    def succeeded(self) -> bool:
        return self.state == "succeeded"

    @property
    def failed(self) -> bool:
        return self.state == "failed"
