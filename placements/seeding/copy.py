"""Write rows fast: explicit ids, PostgreSQL COPY, sequences moved on afterwards."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection


class Ids:
    """Hands out ids per table, starting after what the table already holds."""

    def __init__(self, tables):
        self.next = {}
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
                self.next[table] = cursor.fetchone()[0] + 1

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dt.date, dt.datetime, Decimal, int, float)):
        return str(value)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


class Rows:
    """Rows waiting to be copied, per table, with each table's columns."""

    def __init__(self, columns: dict[str, tuple[str, ...]]):
        self.columns = columns
        self.rows = defaultdict(list)
        self.written = defaultdict(int)

    def add(self, table: str, *values) -> None:
        assert len(values) == len(self.columns[table]), table
        self.rows[table].append(values)

    def flush(self) -> None:
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table in self.columns:  # in dependency order
                rows = self.rows.pop(table, [])
                if not rows:
                    continue
                columns = ", ".join(self.columns[table])
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write("\t".join(_text(v) for v in row) + "\n")
                self.written[table] += len(rows)


def reset_sequences(tables) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
