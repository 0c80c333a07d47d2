"""Sources for zero-copy, release accounting, memory bounds and the columnar API.

ZeroCopy      one batch: ``v`` over an array.array('q') and ``d`` over a numpy float64 array (array.array('d')
              without numpy), plus ``v_addr``/``d_addr`` holding the addresses Python reports for their data
Repeat        option count: yields the same one-row batch ``count`` times (each yield is a fresh C export)
Big           options batches, rows: fresh, fully written int64 buffers per batch (memory the producer
              really allocates), values = batch number; ``last`` marks the final batch
Mixed         a batch with columns of every columnar-API layout: see COLUMNS
"""
import datetime as dt
from array import array

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata

try:
    import numpy
except ImportError:
    numpy = None


def stats():
    return _cdata.stats()


class ZeroCopy:
    def infer_schema(self, options):
        return pa.schema(
            [
                pa.field("v", pa.int64()),
                pa.field("d", pa.float64()),
                pa.field("v_addr", pa.int64()),
                pa.field("d_addr", pa.int64()),
            ]
        )

    def plan_partitions(self, options):
        return [{}]

    def read_partition(self, partition_spec, options):
        n = 1000
        values = array("q", range(n))
        doubles = (
            numpy.arange(n, dtype=numpy.float64) * 0.5 if numpy is not None else array("d", (i * 0.5 for i in range(n)))
        )
        v_addr = values.buffer_info()[0]
        d_addr = doubles.ctypes.data if numpy is not None else doubles.buffer_info()[0]
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(values),
                pa.array(doubles),
                pa.array([v_addr] * n, pa.int64()),
                pa.array([d_addr] * n, pa.int64()),
            ],
            schema=self.infer_schema(options),
        )


SMALL = pa.schema([pa.field("id", pa.int64())])


class Repeat:
    def infer_schema(self, options):
        return SMALL

    def plan_partitions(self, options):
        return [{"count": int(options.get("count", "10"))}]

    def read_partition(self, partition_spec, options):
        batch = pa.RecordBatch.from_pydict({"id": [7]}, schema=SMALL)
        for _ in range(partition_spec["count"]):
            yield batch


BIG = pa.schema([pa.field("v", pa.int64())])


class Big:
    def infer_schema(self, options):
        return BIG

    def plan_partitions(self, options):
        return [{"partition": 0}]

    def read_partition(self, partition_spec, options):
        batches, rows = int(options["batches"]), int(options["rows"])
        for number in range(batches):
            # array repetition writes every byte: the memory is really committed, unlike a zeroed allocation.
            yield pa.RecordBatch.from_arrays([pa.array(array("q", [number]) * rows)], schema=BIG)


COLUMNS = pa.schema(
    [
        pa.field("i8", pa.int8()),
        pa.field("u64", pa.uint64()),
        pa.field("f16", pa.float16()),
        pa.field("f64", pa.float64()),
        pa.field("flag", pa.bool_()),
        pa.field("day", pa.date32()),
        pa.field("ts", pa.timestamp("us")),
        pa.field("amount", pa.decimal128(10, 2)),
        pa.field("name", pa.string()),
        pa.field("big_name", pa.large_string()),
        pa.field("blob", pa.binary()),
        pa.field("color", pa.dictionary(pa.int16(), pa.string())),
        pa.field("tags", pa.list_(pa.int64())),
    ]
)


class Mixed:
    """Rows 0-4 of every columnar layout, each column sliced at offset 2 (option slice="1") or not."""

    def infer_schema(self, options):
        return COLUMNS

    def plan_partitions(self, options):
        return [{"part": i} for i in range(int(options.get("partitions", "1")))]

    def read_partition(self, partition_spec, options):
        from decimal import Decimal

        data = {
            "i8": [1, None, -3, 4, 5],
            "u64": [2**64 - 1, 0, None, 3, 4],
            "f16": [0.5, 1.5, None, -2.0, 4.0],
            "f64": [0.25, None, 2.5, 3.5, -4.5],
            "flag": [True, False, None, True, False],
            "day": [dt.date(2024, 1, 1), None, dt.date(1970, 1, 1), dt.date(1969, 12, 31), dt.date(2000, 2, 29)],
            "ts": [
                dt.datetime(2024, 1, 1, 1, 2, 3, 4),
                None,
                dt.datetime(1970, 1, 1),
                dt.datetime(1, 1, 1),
                dt.datetime(2000, 1, 1),
            ],
            "amount": [Decimal("1.25"), None, Decimal("-2.50"), Decimal("0"), Decimal("99999999.99")],
            "name": ["a", None, "é😀", "", "longer than twelve bytes"],
            "big_name": ["x", "y", None, "", "東京"],
            "blob": [b"\x00", None, b"", b"\xff\xfe", b"abc"],
            "color": ["red", "blue", None, "red", "red"],
            "tags": [[1], None, [], [2, 3], [4]],
        }
        sliced = options.get("slice") == "1"
        columns = []
        for field in COLUMNS:
            values = data[field.name]
            if sliced:
                pad = next(v for v in values if v is not None)
                columns.append(pa.array([pad, pad] + values + [pad], field.type).slice(2, len(values)))
            else:
                columns.append(pa.array(values, field.type))
        yield pa.RecordBatch(COLUMNS, columns, 5)


_dropped = None


def droppable_batch():
    """A batch over an array.array that only the batch (and, once exported, the export) keeps alive."""
    global _dropped
    import weakref

    data = array("q", range(10))
    _dropped = weakref.ref(data)
    return pa.RecordBatch.from_arrays([pa.array(data)], names=["v"])


def dropped_ref():
    return _dropped()
