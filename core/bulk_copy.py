"""Writing many rows at once: PostgreSQL's COPY through psycopg 3 where available.

COPY skips the per-row INSERT parsing and planning that bulk_create pays, which is what
makes a million demo cases take minutes rather than most of an hour. Rows are dicts of
column (attname) to value; a column a row leaves out gets the field's default, so every
NOT NULL column is filled as the ORM would fill it.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection, models


def uses_copy() -> bool:
    """Whether this database takes COPY (PostgreSQL through psycopg 3)."""
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys from the table's own sequence, so related rows can name
    them before the rows are written (PostgreSQL only)."""
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _defaults(model: type[models.Model], now: datetime) -> dict[str, object]:
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        elif field.null:
            defaults[field.attname] = None
        elif field.empty_strings_allowed and field.blank:
            defaults[field.attname] = ""
    return defaults


def copy_rows(model: type[models.Model], rows: Iterable[dict], *, now: datetime) -> int:
    """Write `rows` into `model`'s table with COPY; returns how many. A row may name its
    primary key (from reserve_ids) or leave it to the sequence, but all rows alike.

    Binary COPY with the columns' types given up front: psycopg then dumps each value in
    C, where the text format spent most of a million rows' time formatting them in Python."""
    rows = list(rows)
    if not rows:
        return 0
    defaults = _defaults(model, now)
    pk = model._meta.pk.attname
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or pk in rows[0]]
    names = [f.attname for f in fields]
    missing = set(names) - set(rows[0]) - set(defaults) - {pk}
    if missing:  # a programming error, named
        raise ValueError(f"{model.__name__}: no value or default for {sorted(missing)}")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
    with connection.cursor() as cursor:
        types = [_type_oid(cursor, f.db_type(connection)) for f in fields]
        with cursor.cursor.copy(sql) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name] for name in names])
    return len(rows)


def _type_oid(cursor, db_type: str) -> int:
    """The oid of a column type as Django spells it ("varchar(20)", "timestamp with time
    zone"), which binary COPY needs to know how to send each value."""
    cursor.execute("SELECT %s::regtype::oid", [db_type])
    return cursor.fetchone()[0]


def refresh_statistics(*models: type[models.Model]) -> None:
    """After a bulk load, tell PostgreSQL what is in the tables: ANALYZE (without it the
    planner guesses row counts and picks hash joins over whole tables) and, outside a
    transaction, VACUUM (it marks pages all-visible, so index-only scans stop reading the
    table: 8,600 heap fetches for one capped count at 1,000,000 cases before)."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (tests wrap each in one); ANALYZE can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
