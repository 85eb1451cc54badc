"""What the catalogue tells the rest of the house when content is published, so that nothing above has to be
called from the command that loads it.

`content_published` is sent inside the transaction of `publish`, after every programme is written and only when
nothing is wrong with them. Receivers write what must follow the content (the search index) in that same
transaction: if a receiver fails, nothing is published, so what can be found never drifts from what exists.
It is sent on every publish, changed or not, so a receiver added later catches up on the next `loadcontent`.

Arguments: `programmes`, a tuple of `clinlead.content.data.Programme`: the content just published, whole.
"""

from django.dispatch import Signal

content_published = Signal()
