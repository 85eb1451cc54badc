"""Lists of ids of any length as one query parameter, for `field__in=ids_in(ids)`, on both databases.

Django's `__in=[...]` makes one placeholder per value. For a report on a trust of 10,000 staff that cost more than
the queries themselves: Django prepared each value and psycopg scanned a 10,000-placeholder query string to bind
it, about a second per query (docs/decisions/0025, the bench). Here the list travels as one parameter and the
database unpacks it: `unnest` of a bigint array on PostgreSQL, `json_each` on SQLite (which also has a limit on
the number of parameters).

On PostgreSQL, `unnest` of a parameter is planned with the array's real length (its planner support function
counts the elements of a constant array, and a one-off statement is planned with its parameters' values), so the
planner chooses as it would for the list; a subquery over `jsonb_array_elements` was estimated at 100 rows
whatever its length, and with 5,000 ids the planner chose a nested loop that took minutes.
"""

import json
from collections.abc import Sequence

from django.db import connection
from django.db.models.expressions import RawSQL


def ids_in(ids: Sequence[int]) -> RawSQL:
    """These integers as a subquery of one parameter, for `field__in=ids_in(ids)`."""
    values = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (values,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(values),))
