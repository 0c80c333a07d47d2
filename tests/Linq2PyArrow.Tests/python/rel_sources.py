"""Sources for the reliability tests (issue 8): faults, Python threads, raising finally blocks, leaks, load, secrets.

All yield the l2pa_test_sources.Rows schema (id, name, score, ts, flag) unless said otherwise.
"""
import queue
import threading
import time

from l2pa_test_sources import ROWS_SCHEMA, Rows, make_rows
from linq2pyarrow import arrow as pa

# The secret used by the secrets tests; sources embed it in their own exception text (as real drivers do).
SECRET = "s3cr3t-Hunter2-value"


class MidFailure(Rows):
    """options: partitions, fail_at (batch index at which partition 1 raises, default 2), sleep_ms. Batches of 10 rows.

    Every partition would produce 1000 batches; `started`/`finished` record the partitions whose generator started/ended
    (finally ran), `produced` counts the batches produced in total. Partition 1 raises only once partition 0 has
    produced PARTITION0_BEFORE_FAILURE batches (waiting at most 10 s): more than the ordered read-ahead holds, so the
    consumer has taken one of them by then, however late a loaded machine schedules it.
    """

    PARTITION0_BEFORE_FAILURE = 5
    started = []
    finished = []
    produced = [0]
    produced_by_partition0 = [0]
    lock = threading.Lock()

    @staticmethod
    def reset():
        with MidFailure.lock:
            MidFailure.started.clear()
            MidFailure.finished.clear()
            MidFailure.produced[0] = 0
            MidFailure.produced_by_partition0[0] = 0

    def read_partition(self, partition_spec, options):
        index = partition_spec["index"]
        with MidFailure.lock:
            MidFailure.started.append(index)
        fail_at = int(options.get("fail_at", "2"))
        delay = int(options.get("sleep_ms", "0")) / 1000.0
        try:
            for step in range(1000):
                if index == 1 and step == fail_at:
                    deadline = time.monotonic() + 10
                    while MidFailure.produced_by_partition0[0] < self.PARTITION0_BEFORE_FAILURE:
                        if time.monotonic() > deadline:
                            break
                        time.sleep(0.001)
                    raise RuntimeError(f"partition 1 broke at batch {step}")
                with MidFailure.lock:
                    MidFailure.produced[0] += 1
                    if index == 0:
                        MidFailure.produced_by_partition0[0] += 1
                yield make_rows(index * 100_000 + step * 10, 10)
                if delay:
                    time.sleep(delay)
        finally:
            with MidFailure.lock:
                MidFailure.finished.append(index)


class Interrupting(Rows):
    """Raises the BaseException named by option `raise` (KeyboardInterrupt or SystemExit) in method `method`."""

    def _raise(self, options, method):
        if options.get("method") == method:
            kind = options["raise"]
            if kind == "KeyboardInterrupt":
                raise KeyboardInterrupt("stop right there")
            raise SystemExit(3)

    def infer_schema(self, options):
        self._raise(options, "infer_schema")
        return ROWS_SCHEMA

    def plan_partitions(self, options):
        self._raise(options, "plan_partitions")
        return [{"index": i} for i in range(3)]

    def read_partition(self, partition_spec, options):
        yield make_rows(partition_spec["index"] * 10, 5)
        if partition_spec["index"] == 1:
            self._raise(options, "read_partition")
        yield make_rows(partition_spec["index"] * 10 + 5, 5)


class Threaded(Rows):
    """read_partition hands the work to a Python thread (option daemon: "1" or "0") that produces the batches
    into a queue; the generator yields them. Also starts a short-lived helper thread per partition that
    outlives the partition. `threads_done` counts the threads that finished."""

    threads_done = [0]
    lock = threading.Lock()

    @staticmethod
    def _done():
        with Threaded.lock:
            Threaded.threads_done[0] += 1

    def read_partition(self, partition_spec, options):
        daemon = options.get("daemon") == "1"
        rows = int(options.get("rows", "100"))
        start = partition_spec["index"] * rows
        batches = queue.Queue(maxsize=4)

        def produce():
            try:
                for offset in range(0, rows, 10):
                    batches.put(make_rows(start + offset, min(10, rows - offset)))
                batches.put(None)
            finally:
                Threaded._done()

        def linger():
            time.sleep(0.05)
            Threaded._done()

        threading.Thread(target=produce, daemon=daemon, name=f"rel-produce-{partition_spec['index']}").start()
        threading.Thread(target=linger, daemon=daemon, name=f"rel-linger-{partition_spec['index']}").start()
        while (batch := batches.get(timeout=30)) is not None:
            yield batch


class RaisingFinally(Rows):
    """A generator whose finally block raises; option batches (per partition)."""

    def read_partition(self, partition_spec, options):
        try:
            for step in range(int(options.get("batches", "100"))):
                yield make_rows(partition_spec["index"] * 1000 + step * 4, 4)
        finally:
            raise RuntimeError(f"cleanup of partition {partition_spec['index']} failed")


class LeakProbe:
    """Hands out the same schema object, the same options-derived spec values and the same batch object on
    every call, so the tests can check their reference counts. options: partitions, batches (per partition)."""

    schema = pa.schema([pa.field("id", pa.int64())])
    batch = pa.RecordBatch.from_pydict({"id": list(range(8))}, schema=schema)
    token = "".join(["leak-probe-", "spec-value"])  # built at run time: not interned, not immortal
    instances = []

    def infer_schema(self, options):
        LeakProbe.instances.append(self)
        return LeakProbe.schema

    def plan_partitions(self, options):
        return [{"index": i, "tag": LeakProbe.token} for i in range(int(options.get("partitions", "2")))]

    def read_partition(self, partition_spec, options):
        for _ in range(int(options.get("batches", "1000"))):
            yield LeakProbe.batch


class Sums:
    """Rows whose ids are a deterministic function of the options, for checking results under load.

    options: seed, partitions, rows (per partition), batch. Schema: id int64, value float64.
    """

    schema = pa.schema([pa.field("id", pa.int64()), pa.field("value", pa.float64())])

    def infer_schema(self, options):
        return Sums.schema

    def plan_partitions(self, options):
        return [{"index": i} for i in range(int(options["partitions"]))]

    def read_partition(self, partition_spec, options):
        seed = int(options["seed"])
        rows = int(options["rows"])
        size = int(options["batch"])
        start = partition_spec["index"] * rows
        for offset in range(0, rows, size):
            ids = list(range(start + offset, start + min(offset + size, rows)))
            yield pa.RecordBatch.from_pydict({"id": ids, "value": [i * seed * 0.5 for i in ids]}, schema=Sums.schema)


class Leaky(Rows):
    """Fails in the method named by option `fail`, quoting the secret options in its exception text."""

    def infer_schema(self, options):
        if options.get("fail") == "echo":
            raise ValueError(
                f"options were {options!r}; password alone: {options['password']!r} / {options['password']}"
            )
        if options.get("fail") == "infer_schema":
            raise ConnectionError(f"login refused for password={options['password']} api_key={options['api_key']}")
        if options.get("fail") == "bad_schema":
            return {"password": options["password"]}
        return ROWS_SCHEMA

    def plan_partitions(self, options):
        fail = options.get("fail")
        if fail == "plan_partitions":
            raise PermissionError(f"token {options['token']} expired; url {options['url']}")
        if fail == "plan_non_json":
            return [{"index": 0, "password": options["password"], "conn": object()}]
        if fail == "plan_nan":
            return [{"index": 0, "secret": options["password"], "ratio": float("nan")}]
        return [{"index": i, "credential": options["credential"], "url": options["url"]} for i in range(2)]

    def read_partition(self, partition_spec, options):
        fail = options.get("fail")
        yield make_rows(partition_spec["index"] * 10, 2)
        if fail == "read_partition":
            raise ValueError(
                f"query failed on {partition_spec['url']} with credential {partition_spec['credential']} "
                f"and secret {options['client_secret']}"
            )
        if fail == "mismatch":
            yield pa.RecordBatch.from_pydict(
                {"id": ["x"], "name": [options["password"]]},
                schema=pa.schema([pa.field("id", pa.string()), pa.field("name", pa.string())]),
            )
        if fail == "not_arrow":
            yield options["password"]
        if fail == "baseexception":
            raise KeyboardInterrupt(f"interrupted while holding {options['password']}")


class SecretInInit(Rows):
    def __init__(self):
        raise RuntimeError(f"cannot load the driver with key {SECRET}")


class SecretNotProtocol:
    def infer_schema(self, options, extra):
        raise AssertionError(f"never called {SECRET}")
