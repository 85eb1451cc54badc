"""Lists of any length in one query parameter, so that a write for a whole workforce takes the same number of
queries for ten people as for a hundred thousand (Django's `__in` and `bulk_create` make one parameter per value,
and on SQLite split inserts into many statements of 999 parameters).

The list travels as one JSON array and the database unpacks it: `json_each` on SQLite, `jsonb_array_elements` on
PostgreSQL.
"""

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

from clinlead.many_values import ids_in

__all__ = ["ids_in", "insert_new", "rows_of"]  # ids_in lives in clinlead/many_values.py, for every app

COLUMN_TYPES = frozenset({"bigint", "text"})


def rows_of(rows: Sequence[Sequence[Any]], types: Sequence[str]) -> tuple[str, str]:
    """A FROM clause yielding `rows` (tuples of ints and strings) as columns c0, c1, ... of the given
    PostgreSQL types ("bigint", "text"), and the one JSON parameter it needs."""
    unknown = set(types) - COLUMN_TYPES
    if unknown:
        raise ValueError(f"rows_of: column types must be among {sorted(COLUMN_TYPES)}, not {sorted(unknown)}")
    values = json.dumps([list(row) for row in rows])
    # Only the column numbers and the checked types above are written into the SQL; the rows are a parameter.
    if connection.vendor == "postgresql":
        columns = ", ".join(f"(r->>{i})::{kind} AS c{i}" for i, kind in enumerate(types))
        return f"(SELECT {columns} FROM jsonb_array_elements(%s::jsonb) AS r)", values  # noqa: S608
    columns = ", ".join(f"json_extract(value, '$[{i}]') AS c{i}" for i in range(len(types)))
    return f"(SELECT {columns} FROM json_each(%s))", values  # noqa: S608


def insert_new(
    model: type[models.Model], varying: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]], same: dict[str, Any]
) -> None:
    """One INSERT of every row, whatever their number: `varying` names the fields (and their types, as for
    rows_of) that differ from row to row, `same` the values every row shares. Rows that would break a unique
    constraint are left out (ON CONFLICT DO NOTHING), as `bulk_create(ignore_conflicts=True)` does."""
    if not rows:
        return
    source, values = rows_of(rows, [kind for _, kind in varying])
    fields = [model._meta.get_field(name) for name, _ in varying] + [model._meta.get_field(name) for name in same]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)  # type: ignore[union-attr,arg-type]
    selected = ", ".join([f"c{i}" for i in range(len(varying))] + ["%s"] * len(same))
    shared = [
        model._meta.get_field(name).get_db_prep_value(value, connection)  # type: ignore[union-attr]
        for name, value in same.items()
    ]
    # Names come from the model, values travel as parameters. "WHERE true" lets SQLite tell where the SELECT ends.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT {selected} FROM {source} AS s WHERE true ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*shared, values])
