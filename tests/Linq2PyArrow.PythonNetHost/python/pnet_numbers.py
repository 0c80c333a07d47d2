"""The data the Python.NET host queries: n = 0 .. rows-1 and n * n, from the dependency-free producer."""
from linq2pyarrow import arrow as pa

SCHEMA = pa.schema([pa.field("n", pa.int64()), pa.field("square", pa.int64())])


def make_batch(start, count):
    values = list(range(start, start + count))
    return pa.RecordBatch.from_pydict({"n": values, "square": [v * v for v in values]}, schema=SCHEMA)


def make_table(rows=1000, batch=100):
    """A table the host holds (for FromArrow): the same rows, as a Table with several batches."""
    return pa.Table.from_batches(
        [make_batch(start, min(batch, rows - start)) for start in range(0, rows, batch)], schema=SCHEMA
    )


class Numbers:
    """options: partitions (default 4), rows (total, default 10000), batch (rows per batch, default 500)."""

    def __init__(self, rows=None):
        self.rows = rows

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options.get("partitions", "4")))]

    def read_partition(self, partition_spec, options):
        partitions = int(options.get("partitions", "4"))
        rows = self.rows if self.rows is not None else int(options.get("rows", "10000"))
        size = int(options.get("batch", "500"))
        per = (rows + partitions - 1) // partitions
        start = partition_spec["index"] * per
        end = min(rows, start + per)
        for offset in range(start, end, size):
            yield make_batch(offset, min(size, end - offset))


def make_reader(rows=1000, batch=100):
    """A one-shot stream over the same rows."""
    return pa.RecordBatchReader.from_batches(SCHEMA, make_table(rows, batch).to_batches())


class StreamOnly:
    """Arrow data that speaks only __arrow_c_stream__ (no __arrow_c_schema__): its schema comes from the stream."""

    def __init__(self, reader):
        self._reader = reader

    def __arrow_c_stream__(self, requested_schema=None):
        return self._reader.__arrow_c_stream__(requested_schema)
