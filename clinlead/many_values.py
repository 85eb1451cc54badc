"""`Among(expression, values)`: `expression IN values` with the whole list as one query parameter.

Why not Django's `__in`: it makes one placeholder per value and prepares each value through the field on the way
(for a staff list of 100,000 addresses that was a quarter of the time of checking it), and on SQLite it has to be
split into batches under the limit on parameters. Here the list travels as one value: a PostgreSQL array compared
with `= ANY(%s)` (whose length the planner knows), or on SQLite one JSON array unpacked by `json_each`. Values are
plain integers or strings, compared as the database stores them: pass what the column holds (lower-case
addresses for a lower-cased column, say). No library offers this for both databases.

Use it in a filter as an expression: `Employment.objects.filter(Among(F("user_id"), user_ids))`.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Lookup

__all__ = ["Among"]


class Among(Lookup):  # type: ignore[type-arg]
    lookup_name = "among"
    prepare_rhs = False  # the values are the database's already; preparing each is the cost this avoids

    def __init__(self, lhs: Any, rhs: Iterable[int | str]) -> None:
        values = list(rhs)
        if any(not isinstance(value, int | str) or isinstance(value, bool) for value in values):
            raise TypeError("Among compares with integers or strings only")
        super().__init__(lhs, values)

    def get_prep_lookup(self) -> list[int | str]:
        return self.rhs  # type: ignore[no-any-return]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, self.rhs]
        # lhs is compiled by Django from the model; the values are one parameter (hence noqa: S608).
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(self.rhs)]  # noqa: S608
