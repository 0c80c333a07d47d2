"""A pure-Python "orders" source for the filter benchmarks (FilterBenchmarks): does applying the pushed filters in
the source pay for itself?

The data is generated once per process and held the way a pure-Python source holds what it fetched or parsed:
one Python list per column (``Orders``), or numpy arrays for the numeric columns (``OrdersNumpy``). Every read
builds Arrow batches of the requested columns with linq2pyarrow.arrow, as such a source must. The classes differ
only in what they do with ``filters``:

* ``OrdersIgnoringFilters``: does not accept them (the .NET side evaluates the predicate alone);
* ``Orders`` / ``OrdersNumpy``: ``linq2pyarrow.filters.filter_pydict`` over the column lists (or arrays), then
  builds batches of the rows left;
* ``OrdersRowByRow``: the row-at-a-time way (``filter_rows`` over row dicts), for comparison.

Options: ``rows`` (total), ``partitions``, ``batch`` (rows per batch).
"""
import datetime
import random

from linq2pyarrow import arrow as pa
from linq2pyarrow.filters import filter_pydict, filter_rows

SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("customer", pa.string()),
        pa.field("country", pa.string()),
        pa.field("amount", pa.float64()),
        pa.field("quantity", pa.int64()),
        pa.field("placed_at", pa.timestamp("us")),
    ]
)
COUNTRIES = ["NO", "SE", "DK", "FI", "DE", "FR", "NL", "PL"]
EPOCH = datetime.datetime(2024, 1, 1)
_data = {}


def partition_data(rows, partitions, index, numpy=False):
    """The columns of one partition, generated on first use (seeded) and kept."""
    key = (rows, partitions, index, numpy)
    if key not in _data:
        count = rows // partitions
        first = index * count
        rng = random.Random(index)
        data = {
            "id": list(range(first, first + count)),
            "customer": [f"customer-{rng.randrange(10_000)}" for _ in range(count)],
            "country": [rng.choice(COUNTRIES) for _ in range(count)],
            "amount": [round(rng.uniform(0, 1000), 2) for _ in range(count)],
            "quantity": [rng.randrange(1, 20) for _ in range(count)],
            "placed_at": [EPOCH + datetime.timedelta(seconds=first + i) for i in range(count)],
        }
        if numpy:
            import numpy as np

            data["id"] = np.array(data["id"], dtype=np.int64)
            data["amount"] = np.array(data["amount"], dtype=np.float64)
            data["quantity"] = np.array(data["quantity"], dtype=np.int64)
            data["placed_at"] = np.array(data["placed_at"], dtype="datetime64[us]")
        _data[key] = data
    return _data[key]


def _batches(data, columns, size):
    names = [n for n in SCHEMA.names if columns is None or n in columns] or ["id"]
    schema = pa.schema([SCHEMA.field(n) for n in names])
    count = len(data[names[0]])
    for start in range(0, count, size):
        yield pa.RecordBatch.from_pydict({n: data[n][start : start + size] for n in names}, schema=schema)


class OrdersIgnoringFilters:
    numpy = False

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options["partitions"]))]

    def data(self, spec, options):
        return partition_data(int(options["rows"]), int(options["partitions"]), spec["index"], self.numpy)

    def read_partition(self, partition_spec, options, *, columns=None):
        yield from _batches(self.data(partition_spec, options), columns, int(options["batch"]))


class Orders(OrdersIgnoringFilters):
    def read_partition(self, partition_spec, options, *, columns=None, filters=None):
        data = self.data(partition_spec, options)
        needed = {n for n in SCHEMA.names if columns is None or n in columns} or {"id"}
        # Filter the columns the batches need (the filter columns are among them: .NET re-checks the predicate).
        kept = filter_pydict({n: data[n] for n in needed}, filters)
        yield from _batches(kept, columns, int(options["batch"]))


class OrdersNumpy(Orders):
    numpy = True


class OrdersRowByRow(OrdersIgnoringFilters):
    def read_partition(self, partition_spec, options, *, columns=None, filters=None):
        data = self.data(partition_spec, options)
        names = list(data)
        rows = [dict(zip(names, values)) for values in zip(*data.values())]
        kept = list(filter_rows(rows, filters))
        yield from _batches({n: [r[n] for r in kept] for n in names}, columns, int(options["batch"]))
