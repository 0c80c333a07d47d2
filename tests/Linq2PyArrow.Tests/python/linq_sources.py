"""Python data sources for the LINQ translation tests.

``Recording`` applies every hint it receives (columns, filters, limit, and filters in plan_partitions to prune
partitions) and records them per ``tag`` option, so tests can assert exactly what the provider pushed.
``Ignoring`` accepts every hint and ignores them all: results must be the same. ``Strict`` is Recording building
each batch from the requested columns only (no columns, no rows).

Data sets are generated from options, deterministically: ``sizes`` (rows per partition, comma separated; a 0
is an empty partition), ``batch`` (rows per batch), ``seed`` and ``nulls`` (fraction of nulls in nullable
columns). Row ``id``s count up from 0 across partitions, so partition i holds a known id range.
"""
import datetime
import decimal
import random
import threading

try:
    import pyarrow as pa
except ImportError:
    from linq2pyarrow import arrow as pa

from linq2pyarrow import arrow as l2pa
from linq2pyarrow.filters import filter_rows, normalize_filters

SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("i32", pa.int32()),
        pa.field("name", pa.string()),
        pa.field("score", pa.float64()),
        pa.field("amount", pa.decimal128(18, 2)),
        pa.field("flag", pa.bool_()),
        pa.field("ts", pa.timestamp("us")),
        pa.field("tsz", pa.timestamp("us", tz="UTC")),
        pa.field("day", pa.date32()),
        pa.field("cat", pa.string()),
    ]
)

NAMES = ["ann", "bob", "cy", "dee", "Éva", "", "zoë"]
SCORES = [0.0, -0.0, 0.5, 1.5, 2.25, -3.75, 10.0, 1e300, float("nan")]
EPOCH = datetime.datetime(2024, 1, 1)
UTC = datetime.timezone.utc


def sizes_of(options):
    return [int(s) for s in options.get("sizes", "5,5").split(",") if s != ""]


def make_row(rng, row_id, nulls):
    def maybe(value):
        return None if rng.random() < nulls else value

    return {
        "id": row_id,
        "i32": rng.randint(-50, 50),
        "name": maybe(rng.choice(NAMES)),
        "score": maybe(rng.choice(SCORES) if rng.random() < 0.3 else round(rng.uniform(-100, 100), 3)),
        "amount": maybe(decimal.Decimal(rng.randint(-100000, 100000)) / 100),
        "flag": rng.random() < 0.5,
        "ts": EPOCH + datetime.timedelta(minutes=row_id, microseconds=rng.randint(0, 999) * 1000),
        "tsz": (EPOCH + datetime.timedelta(hours=row_id)).replace(tzinfo=UTC),
        "day": (EPOCH + datetime.timedelta(days=row_id % 40)).date(),
        "cat": rng.choice(["a", "b", "c"]),
    }


def partition_rows(options, index):
    """The rows of partition `index`, the same on every call."""
    sizes = sizes_of(options)
    first = sum(sizes[:index])
    rng = random.Random(f"{options.get('seed', '1')}/{index}")
    nulls = float(options.get("nulls", "0.2"))
    return [make_row(rng, first + i, nulls) for i in range(sizes[index])]


def batches(rows, options, columns=None):
    size = max(1, int(options.get("batch", "4")))
    names = SCHEMA.names if columns is None else list(columns)
    schema = pa.schema([SCHEMA.field(n) for n in names])
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        if names:
            yield pa.RecordBatch.from_pylist(chunk, schema=schema)
        else:
            yield pa.RecordBatch.from_pylist(chunk, schema=SCHEMA).select([])


class Ignoring:
    """Accepts every hint and ignores it."""

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options, **kwargs):
        return [{"index": i} for i in range(len(sizes_of(options)))]

    def read_partition(self, partition_spec, options, **kwargs):
        yield from batches(partition_rows(options, partition_spec["index"]), options)


class Recording:
    """Applies the hints and records them, keyed by the `tag` option."""

    calls = {}
    lock = threading.Lock()

    def _record(self, options, entry):
        with Recording.lock:
            Recording.calls.setdefault(options.get("tag", ""), []).append(entry)

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options, *, filters=None):
        self._record(options, f"plan_partitions filters={filters!r}")
        sizes = sizes_of(options)
        specs, first = [], 0
        for i, size in enumerate(sizes):
            if may_match(first, first + size, filters):
                specs.append({"index": i})
            first += size
        return specs

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        self._record(
            options, f"read_partition {partition_spec['index']} columns={columns!r} filters={filters!r} limit={limit!r}"
        )
        rows = list(filter_rows(partition_rows(options, partition_spec["index"]), filters))
        if limit is not None:
            rows = rows[:limit]
        yield from batches(rows, options, columns)

    @staticmethod
    def take_calls(tag):
        with Recording.lock:
            return Recording.calls.pop(tag, [])


class Strict(Recording):
    """Prunes strictly, the natural way: each batch is built from the requested columns only, so a request for
    ``columns=[]`` would yield batches of zero rows. Applies filters and limit exactly, and records like Recording."""

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        self._record(
            options, f"read_partition {partition_spec['index']} columns={columns!r} filters={filters!r} limit={limit!r}"
        )
        rows = list(filter_rows(partition_rows(options, partition_spec["index"]), filters))
        if limit is not None:
            rows = rows[:limit]
        names = SCHEMA.names if columns is None else list(columns)
        schema = pa.schema([SCHEMA.field(n) for n in names])
        size = max(1, int(options.get("batch", "4")))
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            yield pa.RecordBatch.from_pydict({n: [r[n] for r in chunk] for n in names}, schema=schema)


def may_match(low, high, filters):
    """False when no id in [low, high) can satisfy the filters (pruning on the id column only)."""
    filters = normalize_filters(filters)
    if not filters:
        return True
    ids = range(low, high)
    for conjunction in filters:
        if all(_id_term_may_hold(ids, op, value) for column, op, value in conjunction if column == "id"):
            return True
    return False


def _id_term_may_hold(ids, op, value):
    if len(ids) == 0:
        return False
    low, high = ids[0], ids[-1]
    if op == "==":
        return low <= value <= high
    if op == "<":
        return low < value
    if op == "<=":
        return low <= value
    if op == ">":
        return high > value
    if op == ">=":
        return high >= value
    if op == "in":
        return any(low <= v <= high for v in value)
    return True


VALUE_TYPES = {
    "int64": pa.int64(),
    "int32": pa.int32(),
    "int16": pa.int16(),
    "float64": pa.float64(),
    "float32": pa.float32(),
    "decimal": pa.decimal128(20, 4),
}


def _parse_value(text, type_name):
    text = text.strip()
    if text == "None":
        return None
    if type_name.startswith("float"):
        return float(text)
    if type_name == "decimal":
        return decimal.Decimal(text)
    return int(text)


def _parse_partition(text, type_name):
    values = []
    for token in filter(None, text.split(",")):
        if token.startswith("range"):
            start, stop, step = (int(x) for x in token[token.index(":") + 1 :].split(":"))
            values.extend(range(start, stop, step))
        else:
            values.append(_parse_value(token, type_name))
    return values


class Values:
    """One column "v" of the given type. options: type, values (partitions separated by ';', values by ',';
    'None' is null, 'range:start:stop:step' expands), batch."""

    def infer_schema(self, options):
        return pa.schema([pa.field("v", VALUE_TYPES[options["type"]])])

    def plan_partitions(self, options):
        return [{"index": i} for i in range(len(options["values"].split(";")))]

    def read_partition(self, partition_spec, options):
        schema = self.infer_schema(options)
        values = _parse_partition(options["values"].split(";")[partition_spec["index"]], options["type"])
        size = int(options.get("batch", "4"))
        for start in range(0, len(values), size):
            yield pa.RecordBatch.from_pydict({"v": values[start : start + size]}, schema=schema)


class NoColumns:
    """A schema without columns: rows exist but carry nothing. options: sizes, batch. Batches come from
    ``RecordBatch.from_pydict({}, num_rows=n)``, the producer's way to say how many rows a batch without columns has."""

    def infer_schema(self, options):
        return l2pa.schema([])

    def plan_partitions(self, options):
        return [{"rows": n} for n in sizes_of(options)]

    def read_partition(self, partition_spec, options, *, columns=None):
        size = max(1, int(options.get("batch", "4")))
        total = partition_spec["rows"]
        for start in range(0, total, size):
            yield l2pa.RecordBatch.from_pydict({}, num_rows=min(size, total - start))
