"""Reading and writing table rows as stored, bypassing model fields.

Used where the stored form matters: re-encrypting tokens (`rotate-keys`) and backups, which
must carry encrypted text still encrypted. Table and column names come from Django's model
metadata, never from input, and are quoted by the database backend.
"""

from collections.abc import Iterator, Sequence

from django.db import connection
from django.db.models import Model


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def table_columns(model: type[Model]) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def iter_rows(
    model: type[Model], columns: Sequence[str], chunk_size: int = 2000
) -> Iterator[list[tuple]]:
    """Rows in primary-key order, in chunks, as the database stores them."""
    pk = _q(model._meta.pk.column)
    sql = f"SELECT {', '.join(map(_q, columns))} FROM {_q(model._meta.db_table)} ORDER BY {pk}"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(chunk_size):
            yield [tuple(row) for row in rows]


def update_row(model: type[Model], pk_value, values: dict) -> None:
    sets = ", ".join(f"{_q(column)} = %s" for column in values)
    sql = f"UPDATE {_q(model._meta.db_table)} SET {sets} WHERE {_q(model._meta.pk.column)} = %s"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values.values(), pk_value])


def insert_rows(model: type[Model], columns: Sequence[str], rows: list[Sequence]) -> None:
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(map(_q, columns))}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
