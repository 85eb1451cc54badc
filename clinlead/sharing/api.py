"""The one door into `sharing` for other apps: what a learner has shared, for their own data download."""

from typing import Any

from .queries import export_of

__all__ = ["export"]


def export(learner_id: int) -> dict[str, Any]:
    """Everything sharing holds about the learner's record, as JSON-ready data for their download: their grants
    (to whom, what, from and to, when revoked), their share links (label, made, last day, when revoked; never the
    token, which is kept nowhere) and every read of their record (when, through which grant or link, what). Three
    queries, whatever the numbers."""
    return export_of(learner_id)
