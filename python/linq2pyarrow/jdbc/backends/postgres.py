"""PostgreSQL backend (psycopg2).

Types come from the type OIDs of a ``SELECT ... LIMIT 0`` cursor
description, so an empty table still has a schema.  Rows are streamed with a
server-side (named) cursor fetching ``fetchsize`` rows per round trip, so
memory stays bounded by one batch whatever the table size.
"""
import contextlib
import datetime as dt
import json
import uuid

from .._arrow import has_decimal, pa
from ..batches import Column
from ..errors import JDBCConnectionError, JDBCQueryError
from ..masking import redact
from ..sql import Dialect

DIALECT = Dialect("postgresql", "format")

_MAX_DECIMAL_PRECISION = 38  # decimal128


def _import_psycopg2():
    try:
        import psycopg2
    except ImportError:
        raise ImportError("the PostgreSQL backend needs psycopg2 (Debian: apt-get install python3-psycopg2; "
                          "pip: psycopg2-binary)") from None
    return psycopg2


@contextlib.contextmanager
def connect(url):
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
            "(check the 'url', 'user' and 'password' options)") from None
    try:
        # Read-only: a data source must never change the database.
        conn.set_session(readonly=True)
        yield conn
    finally:
        conn.close()


def _timestamptz(value):
    return value.astimezone(dt.timezone.utc)


def _plain_decimal_text(value):
    return format(value, "f")  # never exponent notation such as 1E+3


def _json_text(value):
    return json.dumps(value, ensure_ascii=False)


# type OID -> (Arrow type factory, converter)
_SIMPLE = {
    16: (pa.bool_, None),
    17: (pa.binary, bytes),  # psycopg2 returns memoryview
    20: (pa.int64, None), 21: (pa.int16, None), 23: (pa.int32, None), 26: (pa.int64, None),
    700: (pa.float32, None), 701: (pa.float64, None),
    18: (pa.string, None), 19: (pa.string, None), 25: (pa.string, None),
    1042: (pa.string, None), 1043: (pa.string, None),
    1082: (pa.date32, None),
    1083: (lambda: pa.time64("us"), None),
    1114: (lambda: pa.timestamp("us"), None),
    1184: (lambda: pa.timestamp("us", tz="UTC"), _timestamptz),
    1186: (lambda: pa.duration("us"), None),
    114: (pa.string, _json_text), 3802: (pa.string, _json_text),
}
_NUMERIC = 1700


def column_for(description):
    oid = description.type_code
    if oid in _SIMPLE:
        factory, convert = _SIMPLE[oid]
        if convert is None:
            return Column(description.name, factory())
        return Column(description.name, factory(), convert)
    if oid == _NUMERIC:
        precision, scale = description.precision, description.scale
        # Unconstrained numeric has no fixed scale (psycopg2 reports 65535):
        # text keeps every digit, as does a producer without decimal128.
        if has_decimal() and precision is not None and 0 < precision <= _MAX_DECIMAL_PRECISION:
            return Column(description.name, pa.decimal128(_MAX_DECIMAL_PRECISION, scale))
        return Column(description.name, pa.string(), _plain_decimal_text)
    return Column(description.name, pa.string(), str)  # uuid, arrays, ...: their text form


def _query_error(exc, sql, hint):
    message = (exc.pgerror or str(exc)).strip().splitlines()[0]
    shown = sql.replace("%%", "%")  # show the SQL as written, not %-escaped for psycopg2
    return JDBCQueryError(f"PostgreSQL rejected the query ({hint}): {message}; SQL: {shown}")


def describe(conn, source):
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


def fetch(conn, sql, params, fetchsize):
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
        raise _query_error(exc, sql, "while reading a partition") from None
    finally:
        if not conn.closed:
            conn.rollback()  # closes the named cursor with its transaction
