"""What organisations tells the apps above it (docs/decisions/0017: events flow upward by subscription).

`posts_recorded` is sent inside the transaction that creates or changes people's posts (a staff list, a sign-in
that vouches for a post), after the rows are written, so a receiver's writes commit or roll back with them. The
ESR export's ledger subscribes: a person's completions from before their post joins the trust's export then
(docs/decisions/0028). Arguments: `user_ids`, a sorted list of the people whose posts were written.
"""

from django.dispatch import Signal

posts_recorded = Signal()
