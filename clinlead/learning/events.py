"""What learning tells the rest of the house, so that no view has to conduct it.

`completion_recorded` is sent inside the transaction that writes a completion, after the row is
written (lock 4 of the order in locking.py). Receivers write what belongs with a completion (the
certificate) in that same transaction: if a receiver fails, the completion is not recorded either,
so a completion can never be left without what follows from it. Receivers must not take locks on
another learner's rows, and must be quick: the learner is waiting.

Arguments: `completion`, a `CompletionData`.
"""

from django.dispatch import Signal

completion_recorded = Signal()
