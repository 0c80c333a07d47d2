"""The Dask actor that streams one partition back to the driver in bounded chunks.

The driver creates one :class:`PartitionStream` per partition (``client.submit(..., actor=True)``) and
calls :meth:`PartitionStream.next_chunk` until the partition ends.  A producer thread of the actor's own
reads the partition ahead of the driver and encodes each batch to IPC messages, stopping while
``chunk_bytes`` of encoded batches wait to be sent, so a worker holds at most about two chunks of a
partition (the one being sent and the one read ahead) and a large partition never sits whole in memory.
Each ``next_chunk`` returns what is buffered (at least one batch) as one IPC stream.

The methods are coroutines, so they run on the worker's event loop instead of its single actor thread:
many partitions can stream from one worker at once, and only the producer threads do the source's work.
"""
import asyncio
import threading

from ._partition import PartitionReader, SourceError, chunk_bytes


class PartitionStream:
    """One partition's read on a worker: a producer thread ahead of the driver, bounded by bytes."""

    def __init__(self, task):
        self._task = task
        self._budget = max(1, int(task.get("chunk_bytes", 4 << 20)))
        self._lock = threading.Lock()
        self._space = threading.Condition(self._lock)
        self._items = []  # Encoded batches waiting to be sent
        self._buffered = 0  # their bytes
        self._done = False  # the producer finished (end of partition, limit, failure or close)
        self._error = None  # the source's failure report
        self._closing = False
        self._thread = None
        self._loop = None
        self._ready = None  # asyncio.Event: items or done
        self._address = _worker_address()  # created in a task, where get_worker() knows the worker

    async def next_chunk(self):
        """{"data": IPC stream bytes or None, "rows": n, "end": bool, "error": report or None, "worker": address}."""
        self._start()
        while True:
            with self._lock:
                if self._items or self._done:
                    items, end, error = self._take()
                    break
                self._ready.clear()
            await self._ready.wait()
        reply = {"data": None, "rows": 0, "end": end, "error": None, "worker": self._address}
        if items:  # joined outside the lock: the producer goes on meanwhile
            reply["data"] = chunk_bytes(items)
            reply["rows"] = sum(item.rows for item in items)
        else:
            reply["error"] = error
        return reply

    async def close(self):
        """Stops the producer (its generator is closed on its thread, so finally blocks run) and forgets the data."""
        with self._lock:
            self._closing = True
            self._items, self._buffered = [], 0
            self._space.notify_all()
        return True

    def _start(self):
        if self._thread is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._ready = asyncio.Event()
        self._thread = threading.Thread(
            target=self._produce, name="linq2pyarrow-partition-%s" % self._task.get("partition"), daemon=True
        )
        self._thread.start()

    def _take(self):
        """Under the lock: the buffered batches of the first schema, up to the budget (at least one)."""
        items, rest, size = [], [], 0
        for item in self._items:
            if not rest and (
                not items or (item.schema_key == items[0].schema_key and size + item.nbytes <= self._budget)
            ):
                items.append(item)
                size += item.nbytes
            else:
                rest.append(item)
        self._items = rest
        self._buffered -= size
        self._space.notify_all()
        # A failure is reported on its own, after the batches that came before it.
        return items, self._done and not rest and (self._error is None or not items), self._error

    def _produce(self):
        reader = PartitionReader(self._task)
        try:
            for encoded in reader.batches():
                with self._lock:
                    while self._buffered >= self._budget and not self._closing:
                        self._space.wait()
                    if self._closing:
                        break
                    self._items.append(encoded)
                    self._buffered += encoded.nbytes
                self._notify()
        except SourceError as exc:
            with self._lock:
                self._error = exc.report
        except BaseException as exc:  # noqa: B902 - the driver must hear about anything that stops the partition
            with self._lock:
                self._error = SourceError("read_partition", exc).report
        finally:
            try:
                reader.close()
            except SourceError as exc:
                with self._lock:
                    if self._error is None and not self._closing:
                        self._error = exc.report
            with self._lock:
                self._done = True
            self._notify()

    def _notify(self):
        loop = self._loop
        try:
            loop.call_soon_threadsafe(self._ready.set)
        except RuntimeError:  # the worker's loop is gone (worker shutting down): nobody is waiting
            pass


def _worker_address():
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return None
