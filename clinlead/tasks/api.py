"""The one door into `tasks`: define a task, start it, and follow its progress."""

__all__: list[str] = []
