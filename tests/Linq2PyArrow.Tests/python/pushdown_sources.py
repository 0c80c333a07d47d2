"""Data and sources for the pushdown differential tests (tests/Linq2PyArrow.Tests/Linq/Translation/Pushdown).

One seeded data set over every column type the pushdown handles, with nulls, NaN, infinities, -0.0, integers
beyond 2**53 and odd strings (empty, NUL, non-BMP, U+FFFD), served by:

* ``Exact``: applies the pushed filters with linq2pyarrow.filters exactly as the contract says (``numpy=1``
  evaluates them on numpy arrays, else on Python lists);
* ``NullDropping``: applies them the way SQL engines and pyarrow.compute do: a null matches nothing, not even
  ``!=`` / ``not in`` (IEEE NaN otherwise);
* ``create_sqlite`` / ``create_postgres``: the same rows in a database, for the jdbc source.

Options: ``seed``, ``rows``, ``partitions`` (row ranges split evenly), ``batch`` (rows per batch).
"""
import datetime
import decimal
import math
import random

try:
    import pyarrow as pa
except ImportError:
    from linq2pyarrow import arrow as pa

from linq2pyarrow.filters import filter_mask, normalize_filters

UTC = datetime.timezone.utc
NAN = float("nan")
INF = float("inf")
STRINGS = ["", "a", "abc", "ABC", "a\x00b", "\U0001F600", "\ufffd", "\u00e4", "b"]

SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("k", pa.int64()),
        pa.field("i", pa.int32(), nullable=False),
        pa.field("r", pa.float64()),
        pa.field("d", pa.float64(), nullable=False),
        pa.field("f", pa.float32()),
        pa.field("t", pa.string()),
        pa.field("s", pa.string(), nullable=False),
        pa.field("b", pa.bool_()),
        pa.field("flag", pa.bool_(), nullable=False),
        pa.field("m", pa.decimal128(18, 2)),
        pa.field("ts", pa.timestamp("us")),
        pa.field("tz", pa.timestamp("us", tz="UTC")),
        pa.field("day", pa.date32()),
    ]
)


def make_rows(seed, count):
    rng = random.Random(seed)
    epoch = datetime.datetime(2024, 1, 1)

    def maybe(values):
        return None if rng.random() < 0.2 else rng.choice(values)

    rows = []
    for i in range(count):
        instant = epoch + datetime.timedelta(minutes=rng.randint(0, 4), microseconds=rng.choice([0, 0, 1, 999999]))
        rows.append(
            {
                "id": i,
                "k": maybe([0, 1, -1, 5, 7, 42, 2**53 + 1, -(2**63), 2**63 - 1]),
                "i": rng.choice([-5, 0, 1, 5, 7, 2**31 - 1, -(2**31)]),
                "r": maybe([NAN, -0.0, 0.0, 1.5, 2.5, -INF, INF, 1e300, -7.25]),
                "d": rng.choice([NAN, -0.0, 0.0, 1.5, INF, -2.5]),
                "f": maybe([1.5, 0.100000001, NAN, -2.0]),
                "t": maybe(STRINGS),
                "s": rng.choice(STRINGS),
                "b": maybe([True, False]),
                "flag": rng.random() < 0.5,
                "m": maybe(
                    [
                        decimal.Decimal("1.50"),
                        decimal.Decimal("-3.25"),
                        decimal.Decimal("0.00"),
                        decimal.Decimal("1.01"),
                    ]
                ),
                "ts": None if rng.random() < 0.2 else instant,
                "tz": None if rng.random() < 0.2 else instant.replace(tzinfo=UTC),
                "day": maybe([datetime.date(2024, 1, d) for d in (1, 2, 3)]),
            }
        )
    return rows


def _rows(options):
    return make_rows(int(options["seed"]), int(options["rows"]))


def _specs(options):
    count, parts = int(options["rows"]), max(1, int(options.get("partitions", "3")))
    bounds = [count * p // parts for p in range(parts + 1)]
    return [{"start": bounds[p], "stop": bounds[p + 1]} for p in range(parts)]


def _columns(rows, names):
    return {name: [row[name] for row in rows] for name in names}


def _batches(columns, names, size):
    count = len(next(iter(columns.values()))) if columns else 0
    schema = pa.schema([SCHEMA.field(n) for n in names])
    for start in range(0, max(count, 1), size):
        chunk = {n: columns[n][start : start + size] for n in names}
        if chunk and len(chunk[names[0]]):
            yield pa.RecordBatch.from_pydict(chunk, schema=schema)


class _Source:
    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return _specs(options)

    def read_partition(self, partition_spec, options, *, columns=None, filters=None):
        rows = _rows(options)[partition_spec["start"] : partition_spec["stop"]]
        names = [n for n in SCHEMA.names if columns is None or n in columns] or ["id"]
        filters = normalize_filters(filters)
        data = _columns(rows, SCHEMA.names)
        keep = self.keep(data, filters, options)
        if keep is not None:
            data = {n: [v for v, k in zip(values, keep) if k] for n, values in data.items()}
        yield from _batches(data, names, int(options.get("batch", "7")))


class Exact(_Source):
    """The contract's exact evaluator: linq2pyarrow.filters.filter_mask, on lists or (numpy=1) numpy arrays."""

    def keep(self, data, filters, options):
        if options.get("numpy") == "1":
            data = _as_numpy(data)
        return filter_mask(data, filters, len(data["id"]))


def _as_numpy(data):
    import numpy as np

    arrays = dict(data)
    for name, dtype in (("id", np.int64), ("i", np.int32), ("d", np.float64)):
        arrays[name] = np.array(data[name], dtype=dtype)
    for name, dtype in (("k", np.int64), ("r", np.float64), ("b", np.bool_)):
        nulls = [v is None for v in data[name]]
        arrays[name] = np.ma.masked_array(
            np.array([0 if v is None else v for v in data[name]], dtype=dtype), mask=nulls
        )
    arrays["ts"] = np.ma.masked_array(
        np.array([datetime.datetime(1970, 1, 1) if v is None else v for v in data["ts"]], dtype="datetime64[us]"),
        mask=[v is None for v in data["ts"]],
    )
    return arrays


def _null_dropping_term(value, op, operand):
    if value is None:
        return False
    if op == "in":
        return value in operand
    if op == "not in":
        return value not in operand
    return {
        "==": value == operand,
        "!=": value != operand,
        "<": value < operand,
        "<=": value <= operand,
        ">": value > operand,
        ">=": value >= operand,
    }[op]


class NullDropping(_Source):
    """SQL engines and pyarrow.compute: a null matches no term at all."""

    def keep(self, data, filters, options):
        if not filters:
            return None
        count = len(data["id"])
        return [
            any(all(_null_dropping_term(data[c][i], op, v) for c, op, v in conjunction) for conjunction in filters)
            for i in range(count)
        ]


SQLITE_COLUMNS = (
    "id INTEGER NOT NULL",
    "k INTEGER",
    "r REAL",
    "t TEXT",
    "s TEXT NOT NULL",
    "b BOOLEAN",
    "flag BOOLEAN NOT NULL",
    "ts TIMESTAMP",
    "day DATE",
)
POSTGRES_COLUMNS = (
    "id int8 NOT NULL",
    "k int8",
    "i int4 NOT NULL",
    "r float8",
    "d float8 NOT NULL",
    "f float4",
    "t text",
    "s text NOT NULL",
    "b bool",
    "flag bool NOT NULL",
    "m numeric(18, 2)",
    "ts timestamp",
    "tz timestamptz",
    "day date",
)


def _names(columns):
    return [c.split()[0] for c in columns]


def create_sqlite(path, seed, count):
    import sqlite3

    names = _names(SQLITE_COLUMNS)
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"CREATE TABLE rows ({', '.join(SQLITE_COLUMNS)})")
        conn.executemany(
            f"INSERT INTO rows VALUES ({', '.join('?' for _ in names)})",
            [tuple(_sqlite_value(row[n]) for n in names) for row in make_rows(seed, count)],
        )
        conn.commit()
    finally:
        conn.close()


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def create_postgres(url, table, seed, count):
    """PostgreSQL text cannot hold NUL: those strings are stored without it."""
    import psycopg2

    names = _names(POSTGRES_COLUMNS)
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(f"CREATE TABLE {table} ({', '.join(POSTGRES_COLUMNS)})")
            cur.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('%s' for _ in names)})",
                [tuple(_postgres_value(row[n]) for n in names) for row in make_rows(seed, count)],
            )
    finally:
        conn.close()


def _postgres_value(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)  # psycopg2 sends float('nan') as 'NaN'::float anyway; be explicit
    return value


class IssueRows:
    """The data of issue 12 §8 (ids 1-3, k = 5/6/7 as int32, r = NaN/1.5/2.5) plus a string column holding U+FFFD,
    applying the pushed filters exactly; records them per ``tag`` option."""

    pushed = {}
    SCHEMA = pa.schema(
        [
            pa.field("id", pa.int64(), nullable=False),
            pa.field("k", pa.int32(), nullable=False),
            pa.field("r", pa.float64()),
            pa.field("t", pa.string()),
        ]
    )
    DATA = {"id": [1, 2, 3], "k": [5, 6, 7], "r": [NAN, 1.5, 2.5], "t": ["\ufffd", "a", "b"]}

    def infer_schema(self, options):
        return self.SCHEMA

    def plan_partitions(self, options):
        return [{}]

    def read_partition(self, partition_spec, options, *, filters=None):
        IssueRows.pushed[options.get("tag", "")] = repr(filters)
        keep = filter_mask(self.DATA, filters, 3)
        data = self.DATA if keep is None else {n: [v for v, k in zip(vs, keep) if k] for n, vs in self.DATA.items()}
        yield pa.RecordBatch.from_pydict(data, schema=self.SCHEMA)


def evaluate(values, terms):
    """For each (op, operand) term: the indices of *values* it keeps, by every evaluator of linq2pyarrow.filters.

    Returns {"rows": [...], "lists": [...], "numpy": [...] (when numpy is importable and the values fit an array)}.
    """
    from linq2pyarrow.filters import filter_rows

    result = {"rows": [], "lists": []}
    arrays = _numpy_column(values)
    if arrays is not None:
        result["numpy"] = []
    for op, operand in terms:
        filters = [[("v", op, operand)]]
        rows = [{"v": v, "n": i} for i, v in enumerate(values)]
        result["rows"].append([row["n"] for row in filter_rows(rows, filters)])
        mask = filter_mask({"v": values}, filters, len(values))
        result["lists"].append([i for i in range(len(values)) if mask is None or mask[i]])
        if arrays is not None:
            mask = filter_mask({"v": arrays}, filters, len(values))
            result["numpy"].append([i for i in range(len(values)) if mask is None or mask[i]])
    return result


def _numpy_column(values):
    try:
        import numpy as np
    except ImportError:
        return None
    present = [v for v in values if v is not None]
    if not present or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return None
    dtype = np.float64 if any(isinstance(v, float) for v in present) else np.int64
    return np.ma.masked_array(
        np.array([0 if v is None else v for v in values], dtype=dtype), mask=[v is None for v in values]
    )
