"""Python data sources used by the .NET tests. Each is small and does one thing the tests check."""
import datetime
import threading
import time

try:
    import pyarrow as pa
except ImportError:
    from linq2pyarrow import arrow as pa

ROWS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("name", pa.string()),
        pa.field("score", pa.float64()),
        pa.field("ts", pa.timestamp("us")),
        pa.field("flag", pa.bool_()),
    ]
)

EPOCH = datetime.datetime(2024, 1, 1)


def make_rows(start, count, with_nulls=False):
    ids = list(range(start, start + count))
    return pa.RecordBatch.from_pydict(
        {
            "id": ids,
            "name": [None if with_nulls and i % 5 == 0 else f"name-{i}" for i in ids],
            "score": [None if with_nulls and i % 7 == 0 else i * 0.5 for i in ids],
            "ts": [EPOCH + datetime.timedelta(seconds=i) for i in ids],
            "flag": [i % 2 == 0 for i in ids],
        },
        schema=ROWS_SCHEMA,
    )


class Rows:
    """options: partitions, rows (per partition), batch (rows per batch), nulls ("1" for nulls)."""

    calls = []

    def infer_schema(self, options):
        return ROWS_SCHEMA

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options.get("partitions", "2")))]

    def read_partition(self, partition_spec, options):
        rows = int(options.get("rows", "10"))
        size = int(options.get("batch", "4"))
        nulls = options.get("nulls") == "1"
        start = partition_spec["index"] * rows
        for offset in range(0, rows, size):
            yield make_rows(start + offset, min(size, rows - offset), nulls)


class SleepyRows(Rows):
    """Sleeps (releasing the GIL) before each batch: options sleep_ms."""

    def read_partition(self, partition_spec, options):
        delay = int(options.get("sleep_ms", "200")) / 1000.0
        for batch in super().read_partition(partition_spec, options):
            time.sleep(delay)
            yield batch


class Tracked(Rows):
    """Records generator starts and finally blocks in class-level state the tests can read."""

    started = []
    finished = []
    lock = threading.Lock()

    def read_partition(self, partition_spec, options):
        with Tracked.lock:
            Tracked.started.append(partition_spec["index"])
        try:
            yield from super().read_partition(partition_spec, options)
        finally:
            with Tracked.lock:
                Tracked.finished.append(partition_spec["index"])
