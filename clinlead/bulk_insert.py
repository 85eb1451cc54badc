"""Inserting many new rows of one model in a few statements, for the writes of a whole staff list.

Why not `QuerySet.bulk_create`: for each row it builds a model instance, and for each value it walks the field's
pre_save, get_db_prep_save and SQL-compilation steps. For a 100,000-row staff list that was 70% of the commit's
time (docs/decisions/0020 has the profile). Here each column is prepared by its field once per value only where
the database needs a conversion (dates, times, UUIDs), and plain text, numbers and booleans pass straight to the
driver, which takes them as they are on both SQLite and PostgreSQL. No library does this for both databases:
the bulk-load packages for Django use PostgreSQL's COPY only.

What is written is checked like any insert: the database's constraints still hold, and a failure raises inside
the caller's transaction, which rolls every statement back. No signals are sent and no instance is returned, as
with bulk_create.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

# Values the drivers take unconverted, per the field's internal type. Every other type goes through its field.
_PASSED_AS_THEY_ARE = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
# Rows per statement. SQLite allows at most 32,766 placeholders in one statement (since 3.32). PostgreSQL takes
# one array per column (UNNEST, as Django's own bulk_create does there), so its statements are limited by size.
_PLACEHOLDERS_PER_STATEMENT = 30_000
_ROWS_PER_POSTGRESQL_STATEMENT = 10_000


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    skip_conflicts: bool = False,
    update_on_conflict: tuple[Sequence[str], Sequence[str]] | None = None,
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert `rows`, each a sequence of values in the order of `columns` (field names, "user" or "user_id" for a
    foreign key). A field not named gets its default, per row if the default is callable (a new UUID each).

    skip_conflicts: a row that would break a unique constraint is left out (ON CONFLICT DO NOTHING).
    update_on_conflict: (unique fields, fields to update): a row that matches an existing one on the unique fields
    updates these fields of it instead (ON CONFLICT (...) DO UPDATE).
    returning: fields whose values come back for each row written (RETURNING), as database values: ids, say, or
    which of a list's rows were new when conflicts are skipped.
    """
    meta = model._meta
    given: list[Any] = [meta.get_field(name) for name in columns]
    missing: list[Any] = [
        f for f in meta.concrete_fields if f not in given and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    # A default that is a value (not a callable such as uuid4) is prepared once for every row.
    per_row = [f for f in missing if f.has_default() and callable(f.default)]
    once = [f for f in missing if f not in per_row]
    fixed = [_prepared(f, f.get_default()) for f in once]
    fields = [*given, *per_row, *once]
    prepare = [_preparer(field) for field in (*given, *per_row)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    start = f"INSERT INTO {quote(meta.db_table)} ({names}) "
    ending = _on_conflict(model, skip_conflicts, update_on_conflict)
    if returning:
        back: list[Any] = [meta.get_field(name) for name in returning]
        ending += " RETURNING " + ", ".join(quote(field.column) for field in back)
    per_statement = (
        _ROWS_PER_POSTGRESQL_STATEMENT
        if connection.vendor == "postgresql"
        else max(1, _PLACEHOLDERS_PER_STATEMENT // len(fields))
    )
    written: list[tuple[Any, ...]] = []
    batch: list[list[Any]] = []
    converted = [(i, convert) for i, convert in enumerate(prepare) if convert]
    width = len(given)

    def prepared(row: Sequence[Any]) -> list[Any]:
        if len(row) != width:
            raise ValueError(f"insert_rows: a row of {len(row)} values for {width} columns")
        values = [*row, *(field.get_default() for field in per_row), *fixed]
        for i, convert in converted:  # most columns need no conversion: only these are touched
            values[i] = convert(values[i])
        return values

    if connection.vendor == "sqlite" and not returning:
        # One single-row statement run for every row: SQLite compiles it once, and Django rewrites its placeholders
        # once (on a statement of thousands of rows that rewriting was a tenth of a staff list's commit).
        one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        with connection.cursor() as cursor:
            cursor.executemany(f"{start}VALUES {one_row}{ending}", [prepared(row) for row in rows])
        return []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(prepared(row))
            if len(batch) == per_statement:
                cursor.execute(_statement(start, fields, len(batch), ending), _parameters(batch))
                written += cursor.fetchall() if returning else []
                batch = []
        if batch:
            cursor.execute(_statement(start, fields, len(batch), ending), _parameters(batch))
            written += cursor.fetchall() if returning else []
    return written


def _statement(start: str, fields: list[Any], rows: int, ending: str) -> str:
    """The INSERT for this many rows. Table and column names and types come from the model's metadata, never
    from input; every value is a parameter (hence noqa: S608)."""
    if connection.vendor == "postgresql":
        # One array per column, unnested into rows: a parameter per column, however many rows.
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        return f"{start}SELECT * FROM UNNEST({arrays}){ending}"  # noqa: S608
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"{start}VALUES {', '.join([one_row] * rows)}{ending}"


def _prepared(field: Any, value: Any) -> Any:
    return value if field.get_internal_type() in _PASSED_AS_THEY_ARE else field.get_db_prep_save(value, connection)


def _preparer(field: Any) -> Any:
    """None for a value the driver takes as it is, else the field's own conversion for this database. The last
    value converted is remembered, so a column holding one value throughout (a time of joining) is converted once."""
    if field.get_internal_type() in _PASSED_AS_THEY_ARE:
        return None
    last: list[Any] = [object(), None]

    def convert(value: Any) -> Any:
        if value is not last[0]:
            last[:] = [value, field.get_db_prep_save(value, connection)]
        return last[1]

    return convert


def _on_conflict(model: type[models.Model], skip: bool, update: tuple[Sequence[str], Sequence[str]] | None) -> str:
    if skip and update:
        raise ValueError("skip_conflicts and update_on_conflict exclude each other")
    if skip:
        return " ON CONFLICT DO NOTHING"
    if not update:
        return ""
    quote = connection.ops.quote_name
    fields: dict[str, Any] = {name: model._meta.get_field(name) for name in (*update[0], *update[1])}
    unique = ", ".join(quote(fields[name].column) for name in update[0])
    columns = [quote(fields[name].column) for name in update[1]]
    return f" ON CONFLICT ({unique}) DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)


def _parameters(batch: list[list[Any]]) -> list[Any]:
    """PostgreSQL: one list per column. SQLite: every value of every row, in order."""
    if connection.vendor == "postgresql":
        return [list(column) for column in zip(*batch, strict=True)]
    return [value for row in batch for value in row]
