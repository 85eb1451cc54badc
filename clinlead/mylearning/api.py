"""The one door into `mylearning`: what it does on a learner's behalf across apps, for other callers too."""

from .services import delete_account, export

__all__ = ["delete_account", "export"]
