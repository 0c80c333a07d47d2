"""SQLite backend (stdlib sqlite3).

Column types come from the *declared* types (via a temporary view over the
FROM clause and ``PRAGMA table_info``), never from the data, so an empty table
still has a schema.  Mapping, checked in this order on the upper-cased
declared type (see README.md):

* BOOLEAN/BOOL -> bool_; DATE -> date32; DATETIME/TIMESTAMP -> timestamp('us')
  (ISO-8601 text, or Unix seconds when stored as a number); TIME -> time64('us')
* then SQLite's affinity rules: contains INT -> int64; CHAR/CLOB/TEXT -> string;
  BLOB -> binary; REAL/FLOA/DOUB -> float64; anything else (NUMERIC,
  DECIMAL(p,s), ...) -> float64, which is what SQLite stores for them
* no declared type (expressions in a 'query') -> string
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import uuid
from decimal import Decimal
from typing import Any, Iterator, List, Sequence
from urllib.parse import quote

from .._arrow import pa
from ..batches import Column, to_batch
from ..errors import JDBCConnectionError, JDBCQueryError
from ..sql import Dialect, Unpushable


def _adapt(value: Any) -> Any:
    # Temporal values are stored as text in several spellings ('T' or ' ',
    # offsets...), so a text comparison could drop matching rows: leave those
    # filters to the .NET side.
    if isinstance(value, (dt.date, dt.time)):
        raise Unpushable
    if isinstance(value, Decimal):
        return float(value)  # NUMERIC columns hold REAL/INTEGER values
    return value


DIALECT = Dialect("sqlite", "qmark", _adapt)


@contextlib.contextmanager
def connect(url: Any) -> Iterator[sqlite3.Connection]:
    path = url.database
    if path == ":memory:":
        conn = sqlite3.connect(path)
    elif path.startswith("file:"):
        conn = sqlite3.connect(path, uri=True)
    else:
        if not os.path.isfile(path):
            raise JDBCConnectionError(f"option 'url': SQLite database file '{path}' does not exist")
        # Read-only: a data source must never create or change the database.
        conn = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def _to_int(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, int):
        raise ValueError(f"{type(value).__name__} value {value!r} is not an integer")
    return value


def _to_str(value: Any) -> str:
    return value if isinstance(value, str) else (value.decode("utf-8") if isinstance(value, bytes) else str(value))


def _to_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "true", "t", "yes"):
            return True
        if lowered in ("0", "false", "f", "no"):
            return False
        raise ValueError(f"text {value!r} is not a boolean")
    return bool(value)


def _to_date(value: Any) -> dt.date:
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc).date()
    return dt.date.fromisoformat(str(value)[:10])


def _to_timestamp(value: Any) -> dt.datetime:
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc).replace(tzinfo=None)
    text = str(value).strip()
    if text.endswith("Z"):  # fromisoformat accepts 'Z' only from Python 3.11 on
        text = text[:-1] + "+00:00"
    parsed = dt.datetime.fromisoformat(text)
    if parsed.tzinfo is not None:  # normalise offsets to naive UTC
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


def _to_time(value: Any) -> dt.time:
    return dt.time.fromisoformat(str(value))


def column_for(name: str, declared: str) -> Column:
    """Column (Arrow type + converter) for a declared SQLite type."""
    upper = (declared or "").upper().strip()
    base = upper.split("(")[0].strip()
    if base in ("BOOLEAN", "BOOL"):
        return Column(name, pa.bool_(), _to_bool)
    if base == "DATE":
        return Column(name, pa.date32(), _to_date)
    if base in ("DATETIME", "TIMESTAMP"):
        return Column(name, pa.timestamp("us"), _to_timestamp)
    if base == "TIME":
        return Column(name, pa.time64("us"), _to_time)
    if not upper:
        return Column(name, pa.string(), _to_str)
    if "INT" in upper:
        return Column(name, pa.int64(), _to_int)
    if any(t in upper for t in ("CHAR", "CLOB", "TEXT")):
        return Column(name, pa.string(), _to_str)
    if "BLOB" in upper:
        return Column(name, pa.binary(), _to_bytes)
    return Column(name, pa.float64(), float)


def describe(conn: sqlite3.Connection, source: str) -> List[Column]:
    """Columns of ``SELECT * FROM source`` from their declared types."""
    view = f"l2pa_describe_{uuid.uuid4().hex}"
    try:
        conn.execute(f'CREATE TEMP VIEW "{view}" AS SELECT * FROM {source}')
        info = conn.execute(f'PRAGMA table_info("{view}")').fetchall()
    except sqlite3.Error as exc:
        raise JDBCQueryError(
            f"SQLite rejected the source {source} (check the 'dbtable' or 'query' option): {exc}"
        ) from None
    finally:
        conn.execute(f'DROP VIEW IF EXISTS "{view}"')
    return [column_for(row[1], row[2]) for row in info]


def fetch(conn: sqlite3.Connection, sql: str, params: Sequence[Any], fetchsize: int) -> Iterator[List[Any]]:
    """Yield lists of at most ``fetchsize`` row tuples."""
    try:
        cursor = conn.execute(sql, params)
    except sqlite3.Error as exc:
        raise JDBCQueryError(f"SQLite rejected the query (while reading a partition): {exc}; SQL: {sql}") from None
    while True:
        rows = cursor.fetchmany(fetchsize)
        if not rows:
            return
        yield rows


def read_batches(
    conn: sqlite3.Connection,
    sql: str,
    params: Sequence[Any],
    columns: Sequence[Column],
    schema: Any,
    fetchsize: int,
    mode: str = "auto",
) -> Iterator[Any]:
    """Record batches of at most ``fetchsize`` rows (``mode`` only concerns PostgreSQL)."""
    for rows in fetch(conn, sql, params, fetchsize):
        yield to_batch(columns, schema, rows)
