"""For tests only (the doors in .importlinter let nothing else import it)."""

from clinlead.learning import api as learning

from . import ledger


def completion_announced(user_id: int, completion_id: int) -> None:
    """What learning's `completion_recorded` event does to the export's ledger, for a completion a test wrote
    directly (`learning.testing.write_completion` announces nothing, so no certificate is issued either)."""
    (found,) = learning.recorded_completions([user_id], completion_id - 1, completion_id)
    ledger.record_completion(found.uuid, user_id)
