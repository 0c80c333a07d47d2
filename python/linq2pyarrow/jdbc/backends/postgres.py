"""PostgreSQL backend (psycopg2).

Types come from the type OIDs of a ``SELECT ... LIMIT 0`` cursor
description, so an empty table still has a schema.  Two read paths, both
streaming ``fetchsize`` rows per record batch with bounded memory:

* ``copy`` (the default when numpy is importable): ``COPY (SELECT ...) TO
  STDOUT (FORMAT binary)`` decoded column-wise with numpy (``pg_copy``);
* ``cursor``: a server-side (named) cursor, values converted one by one.

The ``postgresRead`` option chooses (``auto`` | ``copy`` | ``cursor``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterator, Sequence

from .._arrow import has_decimal, pa
from ..batches import Column, _identity, to_batch
from ..errors import JDBCConnectionError, JDBCOptionError, JDBCQueryError
from ..masking import redact
from ..sql import Dialect

DIALECT = Dialect("postgresql", "format")

_MAX_DECIMAL_PRECISION = 38  # decimal128


def _import_psycopg2():
    try:
        import psycopg2
    except ImportError:
        raise ImportError(
            "the PostgreSQL backend needs psycopg2 (Debian: apt-get install python3-psycopg2; " "pip: psycopg2-binary)"
        ) from None
    return psycopg2


@contextlib.contextmanager
def connect(url: Any) -> Iterator[Any]:
    psycopg2 = _import_psycopg2()
    kwargs = dict(host=url.host, port=url.port, dbname=url.database, user=url.user, password=url.password)
    kwargs.update(url.params)
    kwargs.setdefault("connect_timeout", "10")  # never hang on an unreachable host
    try:
        conn = psycopg2.connect(**{k: v for k, v in kwargs.items() if v is not None})
    except psycopg2.Error as exc:
        detail = redact(str(exc).strip(), [url.password])
        raise JDBCConnectionError(
            f"cannot connect to PostgreSQL at {url.host}:{url.port}/{url.database} as user '{url.user}': {detail} "
            "(check the 'url', 'user' and 'password' options)"
        ) from None
    try:
        # Read-only: a data source must never change the database.
        conn.set_session(readonly=True)
        yield conn
    finally:
        conn.close()


def _timestamptz(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class PgColumn(Column):
    """A column with how binary COPY decodes it (a ``pg_binary.KINDS`` key) and whether it is read as text.

    ``as_text`` columns are selected as ``"col"::text`` on both read paths, so their values are
    PostgreSQL's own text form whichever path runs (numeric, json/jsonb, uuid, arrays, ...).
    """

    kind: str = "text"
    as_text: bool = False
    compare: str = "native"  # how filters compare it: "native", "text" (its text form, as read) or "none"


# type OID -> (Arrow type factory, psycopg2-value converter, binary COPY decode kind)
_SIMPLE: dict[int, tuple[Callable[[], Any], Callable[[Any], Any] | None, str]] = {
    16: (pa.bool_, None, "bool"),
    17: (pa.binary, bytes, "binary"),  # psycopg2 returns memoryview
    20: (pa.int64, None, "int64"),
    21: (pa.int16, None, "int16"),
    23: (pa.int32, None, "int32"),
    26: (pa.int64, None, "oid"),
    700: (pa.float32, None, "float32"),
    701: (pa.float64, None, "float64"),
    19: (pa.string, None, "text"),
    25: (pa.string, None, "text"),
    1042: (pa.string, None, "text"),
    1043: (pa.string, None, "text"),
    1082: (pa.date32, None, "date"),
    1083: (lambda: pa.time64("us"), None, "time"),
    1114: (lambda: pa.timestamp("us"), None, "timestamp"),
    1184: (lambda: pa.timestamp("us", tz="UTC"), _timestamptz, "timestamp"),
    1186: (lambda: pa.duration("us"), None, "interval"),
}
_NUMERIC = 1700


# Types whose SQL comparison differs from the returned value's: float4 (a float8 operand may be rounded to float4),
# bpchar (ignores the trailing blanks the value keeps), interval (normalises 1 day = 24 h). No filter on them.
_NOT_COMPARABLE = {700, 1042, 1186}


def column_for(description: Any) -> PgColumn:
    oid, name = description.type_code, description.name
    if oid in _SIMPLE:
        factory, convert, kind = _SIMPLE[oid]
        return PgColumn(
            name, factory(), convert or _identity, kind, compare="none" if oid in _NOT_COMPARABLE else "native"
        )
    if oid == _NUMERIC:
        precision, scale = description.precision, description.scale
        # Unconstrained numeric has no fixed scale (psycopg2 reports 65535):
        # text keeps every digit, as does a producer without decimal128.
        if has_decimal() and precision is not None and 0 < precision <= _MAX_DECIMAL_PRECISION:
            kind = "decimal18" if precision <= 18 else "decimal"
            return PgColumn(name, pa.decimal128(_MAX_DECIMAL_PRECISION, scale), Decimal, kind, True)
    # numeric as text, json/jsonb, uuid, "char", arrays, ...: PostgreSQL's text form, also for filters
    return PgColumn(name, pa.string(), _identity, "text", True, compare="text")


def filter_targets(columns: Sequence[PgColumn]) -> dict[str, str | None]:
    """Column -> the SQL expression a filter compares (None: not filtered in SQL), per ``PgColumn.compare``."""
    targets: dict[str, str | None] = {}
    for column in columns:
        quoted = DIALECT.quote(column.name)
        targets[column.name] = {"native": quoted, "text": f"{quoted}::text"}.get(column.compare)
    return targets


def _with_text_casts(sql: str, columns: Sequence[PgColumn]) -> str:
    """``sql`` wrapped in a SELECT that reads the ``as_text`` columns as ``::text`` (same names)."""
    if not any(c.as_text for c in columns):
        return sql
    items = []
    for column in columns:
        quoted = DIALECT.quote(column.name)
        items.append(f"{quoted}::text AS {quoted}" if column.as_text else quoted)
    return f"SELECT {', '.join(items)} FROM ({sql}) AS l2pa_q"


def _query_error(exc: Any, sql: str, hint: str) -> JDBCQueryError:
    message = (exc.pgerror or str(exc)).strip().splitlines()[0]
    shown = sql.replace("%%", "%")  # show the SQL as written, not %-escaped for psycopg2
    return JDBCQueryError(f"PostgreSQL rejected the query ({hint}): {message}; SQL: {shown}")


def describe(conn: Any, source: str) -> list[PgColumn]:
    psycopg2 = _import_psycopg2()
    sql = f"SELECT * FROM {source} LIMIT 0"
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql, ())
            return [column_for(d) for d in cursor.description]
    except psycopg2.Error as exc:
        raise _query_error(exc, sql, "check the 'dbtable' or 'query' option") from None
    finally:
        conn.rollback()  # leave no aborted transaction behind


def fetch(
    conn: Any, sql: str, params: Sequence[Any], fetchsize: int, shown: str | None = None
) -> Iterator[list[tuple]]:
    """Lists of at most ``fetchsize`` row tuples from a server-side cursor (``shown``: the SQL errors show)."""
    psycopg2 = _import_psycopg2()
    cursor = conn.cursor(name=f"l2pa_{uuid.uuid4().hex}")
    cursor.itersize = fetchsize
    try:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(fetchsize)
            if not rows:
                return
            yield rows
    except psycopg2.Error as exc:
        raise _query_error(exc, shown or sql, "while reading a partition") from None
    finally:
        if not conn.closed:
            conn.rollback()  # closes the named cursor with its transaction


def copy_available() -> bool:
    """Whether the binary COPY path can run (it needs numpy)."""
    try:
        importlib.import_module("numpy")
    except ImportError:
        return False
    return True


def _copy(
    conn: Any, sql: str, params: Sequence[Any], columns: Sequence[PgColumn], schema: Any, fetchsize: int, shown: str
) -> Iterator[Any]:
    psycopg2 = _import_psycopg2()
    from .pg_copy import copy_batches

    try:
        conn.set_client_encoding("UTF8")  # text fields go straight into Arrow's UTF-8 data
        with conn.cursor() as cursor:
            select = cursor.mogrify(sql, list(params))  # the same client-side quoting as execute()
        decoders = [(c.name, c.kind, c.type) for c in columns]
        yield from copy_batches(conn, select, decoders, schema, fetchsize)
    except psycopg2.Error as exc:
        raise _query_error(exc, shown, "while reading a partition") from None
    finally:
        if not conn.closed:
            try:
                conn.rollback()
            except psycopg2.Error:  # a COPY cancelled half-way may leave the connection unusable: it is closed next
                pass


def read_batches(
    conn: Any,
    sql: str,
    params: Sequence[Any],
    columns: Sequence[PgColumn],
    schema: Any,
    fetchsize: int,
    mode: str = "auto",
) -> Iterator[Any]:
    """Record batches of the SELECT ``sql`` (``%s`` parameters) with ``columns``, by the chosen read path.

    Errors show ``sql`` as given, without the ``::text`` wrapping.
    """
    shown, sql = sql, _with_text_casts(sql, columns)
    if mode == "copy" and not copy_available():
        raise JDBCOptionError(
            "option postgresRead=copy needs numpy (Debian: apt-get install python3-numpy; "
            "pip: numpy); use postgresRead=auto or cursor without it"
        )
    if mode == "copy" or (mode == "auto" and copy_available()):
        yield from _copy(conn, sql, params, columns, schema, fetchsize, shown)
        return
    for rows in fetch(conn, sql, params, fetchsize, shown):
        yield to_batch(columns, schema, rows)
