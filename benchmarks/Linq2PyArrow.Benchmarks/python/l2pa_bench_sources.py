"""Python data sources for the benchmarks. Batches are built once and re-yielded, so that what the benchmarks
measure is the trip from Python to .NET, not Python building data (see docs/benchmarks.md, "Method")."""
import datetime
import time

from linq2pyarrow import arrow as pa

SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("score", pa.float64()),
        pa.field("name", pa.string()),
        pa.field("ts", pa.timestamp("us")),
        pa.field("day", pa.date32()),
        pa.field("flag", pa.bool_()),
    ]
)

EPOCH = datetime.datetime(2024, 1, 1)
EPOCH_DAY = EPOCH.date()


def name(i):
    """Every 16th name is null (a nullable string column)."""
    return None if i % 16 == 15 else f"name-{i}"


_batches = {}
_rows = {}


def make_batch(start, count):
    ids = range(start, start + count)
    return pa.RecordBatch.from_pydict(
        {
            "id": list(ids),
            "score": [i * 0.5 for i in ids],
            "name": [name(i) for i in ids],
            "ts": [EPOCH + datetime.timedelta(seconds=i) for i in ids],
            "day": [EPOCH_DAY + datetime.timedelta(days=i) for i in ids],
            "flag": [i % 2 == 0 for i in ids],
        },
        schema=SCHEMA,
    )


def batches(rows, batch):
    """The batches of `rows` rows, `batch` rows each, built on first use and cached."""
    key = (rows, batch)
    if key not in _batches:
        _batches[key] = [make_batch(start, min(batch, rows - start)) for start in range(0, rows, batch)]
    return _batches[key]


def row_tuples(rows):
    """The same values as Python tuples (id, score, name, ts, day, flag), built once: what hand-written embedding code reads."""
    if rows not in _rows:
        _rows[rows] = [
            (
                i,
                i * 0.5,
                name(i),
                EPOCH + datetime.timedelta(seconds=i),
                EPOCH_DAY + datetime.timedelta(days=i),
                i % 2 == 0,
            )
            for i in range(rows)
        ]
    return _rows[rows]


class Repeated:
    """options: rows, batch, passes (default 1). One partition re-yielding prebuilt batches, `passes` times over."""

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{"index": 0}]

    def read_partition(self, partition_spec, options):
        prebuilt = batches(int(options["rows"]), int(options["batch"]))
        for _ in range(int(options.get("passes", "1"))):
            yield from prebuilt


class Sleepy:
    """options: partitions, sleep_ms, batches. Each batch is preceded by time.sleep, which releases the GIL:
    a stand-in for a source waiting on I/O or a C library."""

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options["partitions"]))]

    def read_partition(self, partition_spec, options):
        delay = int(options["sleep_ms"]) / 1000.0
        batch = batches(1024, 1024)[0]
        for _ in range(int(options["batches"])):
            time.sleep(delay)
            yield batch


class Empty:
    """No partitions: a query over it costs translation and planning only."""

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return []

    def read_partition(self, partition_spec, options):
        return iter(())


STATUSES = ["Active", "Inactive", "Closed", "Pending"]
LABEL_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("status", pa.string()),
        pa.field("level", pa.int32()),
    ]
)
_labels = {}


class Labels:
    """options: rows, batch. id, status (one of four names, as an enum would be stored) and level (0-3), prebuilt."""

    def infer_schema(self, options):
        return LABEL_SCHEMA

    def plan_partitions(self, options):
        return [{"index": 0}]

    def read_partition(self, partition_spec, options):
        rows, batch = int(options["rows"]), int(options["batch"])
        if (rows, batch) not in _labels:
            _labels[(rows, batch)] = [
                pa.RecordBatch.from_pydict(
                    {
                        "id": list(range(start, min(rows, start + batch))),
                        "status": [STATUSES[i % 4] for i in range(start, min(rows, start + batch))],
                        "level": [i % 4 for i in range(start, min(rows, start + batch))],
                    },
                    schema=LABEL_SCHEMA,
                )
                for start in range(0, rows, batch)
            ]
        yield from _labels[(rows, batch)]


CPU_SCHEMA = pa.schema([pa.field("id", pa.int64()), pa.field("value", pa.int64())])


class CpuBound:
    """options: partitions, rows (per partition), work (steps per row). Pure-Python arithmetic per row, holding the
    GIL throughout: a stand-in for parsing or computing in Python, which threads of one process cannot overlap."""

    def infer_schema(self, options):
        return CPU_SCHEMA

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options["partitions"]))]

    def read_partition(self, partition_spec, options):
        rows, work = int(options["rows"]), int(options["work"])
        start = partition_spec["index"] * rows
        ids = list(range(start, start + rows))
        values = []
        for i in ids:
            x = i
            for _ in range(work):
                x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            values.append(x)
        yield pa.RecordBatch.from_pydict({"id": ids, "value": values}, schema=CPU_SCHEMA)
