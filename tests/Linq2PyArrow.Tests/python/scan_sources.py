"""Sources for the scan tests: protocol mistakes, failures in each method, blocking code, and streaming checks.

All yield the l2pa_test_sources.Rows schema (id, name, score, ts, flag) unless said otherwise.
"""
import threading
import time

from l2pa_test_sources import ROWS_SCHEMA, Rows, make_rows
from linq2pyarrow import arrow as pa


class RecordingRows(Rows):
    """Records the ``columns`` hint of every read_partition call."""

    columns = []

    def read_partition(self, partition_spec, options, *, columns=None):
        RecordingRows.columns.append(columns)
        yield from super().read_partition(partition_spec, options)


class NoReadPartition:
    def infer_schema(self, options):
        return ROWS_SCHEMA

    def plan_partitions(self, options):
        return [{}]


class WrongArity(Rows):
    def read_partition(self, partition_spec):
        yield make_rows(0, 1)


class NotCallable(Rows):
    plan_partitions = 5


class ExtraRequired(Rows):
    def infer_schema(self, options, dialect):
        return ROWS_SCHEMA


class SchemaIsDict(Rows):
    def infer_schema(self, options):
        return {"id": "int64"}


class SchemaIsField(Rows):
    def infer_schema(self, options):
        return pa.field("id", pa.int64())


class NeedsArgument:
    def __init__(self, connection):
        self.connection = connection


class BadPlans(Rows):
    """option plan: dict | items | json | nan | empty | tuple."""

    def plan_partitions(self, options):
        return {
            "dict": {"index": 0},
            "items": [{"index": 0}, 5],
            "json": [{"index": 0}, {"index": 1, "when": threading.Lock()}],
            "nan": [{"index": 0, "ratio": float("nan")}],
            "empty": [],
            "tuple": ({"index": 0}, {"index": 1}),
        }[options["plan"]]


class BadReads(Rows):
    """option read: none | int | yield_int | yield_none | batch_then_str."""

    def read_partition(self, partition_spec, options):
        kind = options["read"]
        if kind == "none":
            return None
        if kind == "int":
            return 42
        return self._items(kind)

    def _items(self, kind):
        if kind == "yield_int":
            yield 1
        elif kind == "yield_none":
            yield None
        elif kind == "batch_then_str":
            yield make_rows(0, 3)
            yield "not a batch"


class Raising(Rows):
    """Raises ValueError in the method named by option ``fail`` (quoting the password option and the spec).

    read_partition fails in partition 2 only, after one batch (within the read-ahead); partitions sleep ``sleep_ms`` per batch so the others
    have started and are still running when it fails. Finished generators are recorded in ``finished``.
    """

    finished = []
    lock = threading.Lock()

    def infer_schema(self, options):
        if options.get("fail") == "infer_schema":
            raise ValueError(f"cannot connect with password {options['password']}")
        return ROWS_SCHEMA

    def plan_partitions(self, options):
        if options.get("fail") == "plan_partitions":
            raise ValueError(f"cannot list tables with password {options['password']}")
        return [{"index": i, "token": f"secret-token-{i}", "url": f"postgres://app:pw{i}@db/x"} for i in range(4)]

    def read_partition(self, partition_spec, options):
        index = partition_spec["index"]
        delay = int(options.get("sleep_ms", "0")) / 1000.0
        try:
            for step in range(50):
                if options.get("fail") == "read_partition" and index == 2 and step == 1:
                    raise ValueError(f"row 2 of {partition_spec['url']} is corrupt (token {partition_spec['token']})")
                yield make_rows(index * 100 + 2 * step, 2)
                time.sleep(delay)
        finally:
            with Raising.lock:
                Raising.finished.append(index)


class Blocking(Rows):
    """After one batch, never returns: option mode spin (pure-Python loop) or sleep (time.sleep, a C call)."""

    entered = threading.Event()
    exited = []

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options.get("partitions", "1")))]

    def read_partition(self, partition_spec, options):
        try:
            yield make_rows(partition_spec["index"] * 10, 1)
            Blocking.entered.set()
            if options["mode"] == "spin":
                while True:
                    pass
            else:
                time.sleep(float(options.get("sleep_s", "3600")))
            yield make_rows(partition_spec["index"] * 10 + 1, 1)
        finally:
            Blocking.exited.append(partition_spec["index"])


class Gated(Rows):
    """Yields one batch, then waits (up to 30 s) for ``gate`` before yielding the second; ``parked`` is set when it
    starts waiting, ``waited`` records whether it had to wait."""

    gate = threading.Event()
    parked = threading.Event()
    waited = []

    def plan_partitions(self, options):
        return [{"index": 0}]

    def read_partition(self, partition_spec, options):
        yield make_rows(0, 2)
        Gated.waited.append(not Gated.gate.is_set())
        Gated.parked.set()
        Gated.gate.wait(30)
        yield make_rows(2, 2)


class Empty(Rows):
    def plan_partitions(self, options):
        return []


class EmptyPartitions(Rows):
    """Partitions that yield nothing, or only zero-row batches."""

    def read_partition(self, partition_spec, options):
        if partition_spec["index"] == 0:
            return iter(())
        return iter([make_rows(0, 0), make_rows(0, 0)])


class Shapes(Rows):
    """option shape: reordered (columns reversed) | extra (an extra column) | missing (no score) | mistyped (score as string)
    | int32 (id as int32) | large_string (name as large_string)."""

    def plan_partitions(self, options):
        return [{"index": 0}, {"index": 1}]

    def read_partition(self, partition_spec, options):
        batch = make_rows(partition_spec["index"] * 3, 3)
        shape = options["shape"]
        if partition_spec["index"] == 0 or shape == "reordered":
            columns = {f.name: batch.column(f.name) for f in ROWS_SCHEMA}
            if shape == "reordered":
                yield pa.RecordBatch.from_arrays(
                    list(reversed(list(columns.values()))), names=list(reversed(list(columns)))
                )
            else:
                yield batch
            return
        data = batch.to_pydict()
        fields = list(ROWS_SCHEMA)
        if shape == "extra":
            data["extra"] = ["x"] * 3
            fields.append(pa.field("extra", pa.string()))
        elif shape == "missing":
            del data["score"]
            fields = [f for f in fields if f.name != "score"]
        elif shape == "mistyped":
            data["score"] = [str(v) for v in data["score"]]
            fields = [pa.field("score", pa.string()) if f.name == "score" else f for f in fields]
        elif shape == "int32":
            fields = [pa.field("id", pa.int32()) if f.name == "id" else f for f in fields]
        elif shape == "large_string":
            fields = [pa.field("name", pa.large_string()) if f.name == "name" else f for f in fields]
        yield pa.RecordBatch.from_pydict(data, schema=pa.schema(fields))


class LateNull(Rows):
    """Two partitions of three 4-row batches; the only null name is in partition 1, row 6 (id 16)."""

    def plan_partitions(self, options):
        return [{"index": 0}, {"index": 1}]

    def read_partition(self, partition_spec, options):
        start = partition_spec["index"] * 10
        for offset in (0, 4, 8):
            batch = make_rows(start + offset, 4)
            if start + offset == 14:
                data = batch.to_pydict()
                data["name"][2] = None
                batch = pa.RecordBatch.from_pydict(data, schema=ROWS_SCHEMA)
            yield batch


class Staggered(Rows):
    """Partition i of n sleeps (n - i) * step_ms before each of its batches: later partitions finish first."""

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options.get("partitions", "4")))]

    def read_partition(self, partition_spec, options):
        count = int(options.get("partitions", "4"))
        delay = (count - partition_spec["index"]) * int(options.get("step_ms", "50")) / 1000.0
        for batch in super().read_partition(partition_spec, options):
            time.sleep(delay)
            yield batch


class Runaway(Rows):
    """Two partitions. 0 waits (up to 30 s) for ``gate`` before its one row; 1 yields option ``batches`` batches of 4096
    rows as fast as it can, recording each in ``produced``: how far the read-ahead lets a partition run while the
    consumer waits on an earlier one."""

    gate = threading.Event()
    produced = []

    def plan_partitions(self, options):
        return [{"index": 0}, {"index": 1}]

    def read_partition(self, partition_spec, options):
        if partition_spec["index"] == 0:
            Runaway.gate.wait(30)
            yield make_rows(0, 1)
            return
        for i in range(int(options["batches"])):
            Runaway.produced.append(i)
            yield make_rows(1 + i * 4096, 4096)


class ThreadRecording(Rows):
    """Records the OS thread each batch is produced on (``threads``) and each partition whose generator ended or was
    closed (``closed``). Option repeat: one batch of ``batch`` rows built once and yielded that many times (a producer
    that costs almost nothing per batch); sleep_ms: a pause before each batch (a producer that costs far more than
    the consumer, whatever the machine's load)."""

    threads = []
    closed = []

    def read_partition(self, partition_spec, options):
        if "repeat" in options:
            once = make_rows(0, int(options["batch"]))
            batches = (once for _ in range(int(options["repeat"])))
        else:
            batches = super().read_partition(partition_spec, options)
        try:
            for batch in batches:
                time.sleep(int(options.get("sleep_ms", "0")) / 1000)
                ThreadRecording.threads.append(threading.get_native_id())
                yield batch
        finally:
            ThreadRecording.closed.append(partition_spec["index"])
