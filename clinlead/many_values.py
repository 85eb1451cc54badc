"""Lists of any length as one query parameter, on both databases: `Among(expression, values)` for a filter on any
column or expression (ids, addresses, ESR numbers), and `ids_in(ids)` for `field__in=ids_in(ids)`.

Why not Django's `__in`: it makes one placeholder per value and prepares each value through the field on the way
(for a staff list of 100,000 addresses that was a quarter of the time of checking it), and on SQLite it has to be
split into batches under the limit on parameters. Here the list travels as one value: a PostgreSQL array compared
with `= ANY(%s)` (whose length the planner knows), or on SQLite one JSON array unpacked by `json_each`. Values are
plain integers or strings, compared as the database stores them: pass what the column holds (lower-case
addresses for a lower-cased column, say). No library offers this for both databases.

Use it in a filter as an expression: `Employment.objects.filter(Among(F("user_id"), user_ids))`.

For a report on a trust of 10,000 staff the placeholders of `__in` cost more than the queries themselves: Django
prepared each value and psycopg scanned a 10,000-placeholder query string to bind it, about a second per query
(docs/decisions/0025, the bench). On PostgreSQL an array parameter is planned with its real length (a one-off
statement is planned with its parameters' values), so the planner chooses as it would for the list; a subquery over
`jsonb_array_elements` was estimated at 100 rows whatever its length, and with 5,000 ids chose a nested loop that
took minutes.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Lookup
from django.db.models.expressions import RawSQL

__all__ = ["Among", "ids_in"]


def ids_in(ids: Sequence[int]) -> RawSQL:
    """These integers as a subquery of one parameter, for `field__in=ids_in(ids)`."""
    values = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (values,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(values),))


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
