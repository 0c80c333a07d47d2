"""The worker side of linq2pyarrow.dask without a cluster: reading a partition (hints, skip, limit, errors, close)
and the actor's bounded chunking, driven directly on an event loop. The cluster tests are the .NET Dask tests."""
import asyncio
import threading
import time
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.dask._partition import PartitionReader, SourceError, chunk_bytes
from linq2pyarrow.dask._worker import PartitionStream

from . import ipc_reader as reader

SCHEMA = pa.schema([pa.field("id", pa.int64())])
EVENTS = []


class Counting:
    """Yields ids 0..rows-1 in batches of `batch`; records hints, start and finally in EVENTS."""

    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{}]

    def read_partition(self, spec, options, *, limit=None):
        EVENTS.append(("start", limit))
        rows, size = int(options["rows"]), int(options["batch"])
        delay = float(options.get("delay", "0"))
        try:
            for start in range(0, rows, size):
                if delay:
                    time.sleep(delay)
                if options.get("fail_at") == str(start):
                    raise ValueError("failed at %d" % start)
                yield pa.RecordBatch.from_pydict({"id": list(range(start, min(start + size, rows)))}, schema=SCHEMA)
        finally:
            EVENTS.append(("finally",))


class Broken:
    def __init__(self):
        raise RuntimeError("cannot construct")


def task(rows=23, batch=5, skip=0, stop_after=None, cls="Counting", chunk_bytes=1 << 20, hints=None, **options):
    return {
        "module": __name__,
        "class": cls,
        "spec": {},
        "hints": hints or {},
        "skip": skip,
        "stop_after": stop_after,
        "options": dict(rows=str(rows), batch=str(batch), **options),
        "source": "test",
        "partition": 0,
        "chunk_bytes": chunk_bytes,
    }


def ids(stream):
    result = []
    for message in reader.messages(stream)[1:]:
        length, nodes, buffers = reader.batch_layout(message)
        result += reader.int64_values(buffers[0], buffers[1], length, nodes[0][1])
    return result


def read_all(reader_):
    return [i for encoded in reader_.batches() for i in ids(chunk_bytes([encoded]))]


class PartitionReaderTest(unittest.TestCase):
    def setUp(self):
        EVENTS.clear()

    def test_every_row_once_in_source_order(self):
        self.assertEqual(list(range(23)), read_all(PartitionReader(task())))

    def test_a_retry_skips_exactly_the_rows_already_delivered(self):
        for skip in (0, 1, 5, 13, 22, 23, 40):
            self.assertEqual(list(range(skip, 23)), read_all(PartitionReader(task(skip=skip))), skip)

    def test_the_limit_stops_after_the_batch_that_reaches_it_and_the_hint_is_passed(self):
        reader_ = PartitionReader(task(stop_after=7, hints={"limit": 7}))
        self.assertEqual(list(range(10)), read_all(reader_))
        reader_.close()
        self.assertEqual([("start", 7), ("finally",)], EVENTS)

    def test_failures_name_the_operation(self):
        with self.assertRaises(SourceError) as raised:
            read_all(PartitionReader(task(fail_at="10")))
        self.assertEqual("read_partition", raised.exception.report["operation"])
        self.assertEqual("ValueError", raised.exception.report["type"])
        self.assertIn("raise ValueError", raised.exception.report["traceback"])
        with self.assertRaises(SourceError) as raised:
            read_all(PartitionReader(task(cls="Broken")))
        self.assertEqual("instantiate", raised.exception.report["operation"])
        missing = dict(task(), module="no_such_module_anywhere")
        with self.assertRaises(SourceError) as raised:
            read_all(PartitionReader(missing))
        self.assertEqual(
            ("import", "ModuleNotFoundError"), (raised.exception.report["operation"], raised.exception.report["type"])
        )


class PartitionStreamTest(unittest.TestCase):
    def setUp(self):
        EVENTS.clear()

    def test_chunks_carry_every_row_once_and_stay_within_the_budget(self):
        one_batch = len(chunk_bytes([next(PartitionReader(task(rows=5)).batches())]))

        async def run():
            stream = PartitionStream(task(rows=200, batch=10, chunk_bytes=3 * one_batch))
            chunks = []
            while True:
                reply = await stream.next_chunk()
                self.assertIsNone(reply["error"])
                if reply["data"] is not None:
                    chunks.append(reply)
                if reply["end"]:
                    return stream, chunks

        stream, chunks = asyncio.run(run())
        self.assertEqual(list(range(200)), [i for c in chunks for i in ids(c["data"])])
        self.assertEqual(200, sum(c["rows"] for c in chunks))
        self.assertTrue(all(len(c["data"]) <= 4 * one_batch for c in chunks), [len(c["data"]) for c in chunks])
        # How many batches share a chunk depends on how far the producer got ahead, up to the budget (about four
        # 10-row batches): 20 batches never fit in fewer than five chunks; one chunk would mean no streaming.
        self.assertGreaterEqual(len(chunks), 5)

    def test_the_producer_stops_reading_ahead_at_the_budget(self):
        async def run():
            stream = PartitionStream(task(rows=10000, batch=10, chunk_bytes=1))
            first = await stream.next_chunk()
            await asyncio.sleep(0.3)  # time enough to read far ahead if nothing stopped it
            with stream._lock:
                waiting = len(stream._items)
            await stream.close()
            return first, waiting

        first, waiting = asyncio.run(run())
        self.assertEqual(10, first["rows"])
        self.assertLessEqual(waiting, 1)

    def test_an_error_after_some_chunks_comes_after_them(self):
        async def run():
            stream = PartitionStream(task(rows=50, batch=10, chunk_bytes=1, fail_at="30"))
            replies = []
            while True:
                reply = await stream.next_chunk()
                replies.append(reply)
                if reply["end"]:
                    return replies

        replies = asyncio.run(run())
        self.assertEqual(30, sum(r["rows"] for r in replies))
        self.assertEqual("ValueError", replies[-1]["error"]["type"])
        self.assertIn(("finally",), EVENTS)

    def test_close_stops_the_producer_and_runs_the_generators_finally(self):
        done = threading.Event()

        async def run():
            stream = PartitionStream(task(rows=100000, batch=10, chunk_bytes=1, delay="0.01"))
            await stream.next_chunk()
            await stream.close()
            stream._thread.join(10)
            done.set()

        asyncio.run(run())
        self.assertTrue(done.is_set())
        self.assertEqual(("finally",), EVENTS[-1])


if __name__ == "__main__":
    unittest.main()
