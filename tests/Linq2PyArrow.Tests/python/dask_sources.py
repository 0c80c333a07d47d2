"""Python data sources for the Dask tests: they leave marker files so the tests can see what ran on which worker.

Options common to all: ``partitions``, ``rows`` (per partition), ``batch`` (rows per batch), ``markers`` (a folder:
``started-<partition>-<pid>`` is created when a partition starts, ``closed-<partition>-<pid>`` when its generator's
finally block runs), ``sleep_ms`` (a pause before each batch, releasing the GIL).
"""
import os
import time

from linq2pyarrow import arrow as pa

SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("part", pa.int32()),
        pa.field("label", pa.string()),
        pa.field("score", pa.float64()),
    ]
)


def _mark(options, kind, index):
    folder = options.get("markers")
    if folder:
        with open(os.path.join(folder, "%s-%s-%d" % (kind, index, os.getpid())), "w"):
            pass


class Numbers:
    """Partition p holds ids p*rows .. p*rows+rows-1; label 'n<id>', score id/2 (None for ids divisible by 7)."""

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options.get("partitions", "4")))]

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        index = partition_spec["index"]
        rows, size = int(options.get("rows", "100")), int(options.get("batch", "10"))
        delay = int(options.get("sleep_ms", "0")) / 1000.0
        fail_at = int(options.get("fail_after_rows", "-1"))
        _mark(options, "started", index)
        try:
            for start in range(0, rows, size):
                if delay:
                    time.sleep(delay)
                if 0 <= fail_at <= start and index == int(options.get("fail_partition", "0")):
                    raise ValueError(
                        "partition %d failed after %d rows (password %s)" % (index, start, options.get("password"))
                    )
                ids = list(range(index * rows + start, index * rows + min(start + size, rows)))
                yield pa.RecordBatch.from_pydict(
                    {
                        "id": ids,
                        "part": [index] * len(ids),
                        "label": ["n%d" % i for i in ids],
                        "score": [None if i % 7 == 0 else i / 2 for i in ids],
                    },
                    schema=SCHEMA,
                )
        finally:
            _mark(options, "closed", index)


class WrongType(Numbers):
    """Declares score as float64 but yields it as a string column."""

    def read_partition(self, partition_spec, options, **hints):
        schema = pa.schema([pa.field("id", pa.int64()), pa.field("score", pa.string())])
        yield pa.RecordBatch.from_pydict({"id": [1], "score": ["x"]}, schema=schema)


class NotBatches(Numbers):
    """Yields something that is not an Arrow batch."""

    def read_partition(self, partition_spec, options, **hints):
        yield {"id": 1}
