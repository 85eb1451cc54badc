"""The one door into `mylearning`: what it does on a learner's behalf across apps, for other callers too."""

from .services import delete_account, export

__all__ = ["delete_account", "export"]

# Reminders about assigned learning (issue 10, docs/decisions/0023); `manage.py sendreminders` runs it.
from .reminders import send_due_reminders

__all__ += ["send_due_reminders"]
