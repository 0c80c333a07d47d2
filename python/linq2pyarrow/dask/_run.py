"""One partition run from the driver: an actor on a worker, chunk after chunk, rerun elsewhere if the worker dies.

Exactly once: the run counts the rows of every chunk it hands to .NET.  When the worker holding the actor is
lost (its connection closes, or the actor is gone), the run releases that actor and starts a new one on
another worker with ``skip`` = the rows already handed over, so the new actor drops them (the source must
yield its rows in the same order each time).  A chunk lost in flight was never handed over, so its rows
come again.  After MAX_LOST_WORKERS losses, or when the cluster has no worker for WORKER_WAIT seconds, the
run fails with a message naming the scheduler and the partition.
"""
import asyncio
import concurrent.futures
import threading
import uuid

from ._driver import START_TIMEOUT, DaskUnavailable
from ._worker import PartitionStream

MAX_LOST_WORKERS = 3
CLOSE_TIMEOUT = 5.0


class PartitionRun:
    """Driver-side handle of one partition; .NET calls next() until "end", then close(); cancel() from any thread."""

    def __init__(self, driver, task, upload_files):
        self._driver = driver
        self._task = task
        self._upload_files = tuple(upload_files)
        self._lock = threading.Lock()
        self._pending = None
        self._cancelled = False
        self._ended = False
        self._future = None  # the actor's distributed Future
        self._actor = None  # (worker address, actor key)
        self.delivered = 0  # rows handed to .NET
        self.lost = []  # "worker: error" of each lost worker
        self.workers = []  # every worker that ran this partition

    # --- called by .NET (GIL held; waiting releases it) --------------------------------------------------
    def next(self):
        """("chunk", bytes, rows) | ("end",) | ("error", report) | ("failure", message) | ("cancelled",)."""
        with self._lock:
            if self._cancelled:
                return ("cancelled",)
            if self._ended:
                return ("end",)
            self._pending = self._driver.submit(self._next())
        try:
            return self._pending.result()
        except concurrent.futures.CancelledError:
            return ("cancelled",)
        finally:
            with self._lock:
                self._pending = None

    def cancel(self):
        """Stops the run from any thread: a waiting next() returns ("cancelled",) at once."""
        with self._lock:
            self._cancelled = True
            pending = self._pending
        if pending is not None:
            pending.cancel()

    def close(self):
        """Releases the actor (its generator is closed on the worker); does not wait for the cluster."""
        with self._lock:
            self._cancelled = True
            pending = self._pending
        if pending is not None:
            pending.cancel()
        self._driver.submit(self._release())

    # --- on the driver's loop -------------------------------------------------------------------------
    async def _next(self):
        try:
            client = await self._driver.client(self._upload_files)
            while True:
                if self._actor is None:
                    await self._start(client)
                worker, key = self._actor
                try:
                    reply = await client.rpc(worker).actor_execute(actor=key, function="next_chunk", args=[], kwargs={})
                    if reply.get("status") != "OK":
                        raise _actor_error(reply)
                    reply = reply["result"]
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: B902 - the worker or the connection is gone
                    await self._lose(worker, exc)
                    continue
                if reply.get("error") is not None:
                    report = dict(reply["error"])
                    report["worker"] = reply.get("worker") or worker
                    self._ended = True
                    return ("error", report)
                if reply.get("end"):
                    self._ended = True
                data = reply.get("data")
                if data is None:
                    return ("end",)
                self.delivered += reply["rows"]
                return ("chunk", data, reply["rows"])
        except DaskUnavailable as exc:
            self._ended = True
            return ("failure", self._describe_failure(str(exc)))

    async def _start(self, client):
        """A new actor for the partition on the least busy worker, told to skip the rows already delivered."""
        while True:
            worker = await self._driver.choose_worker(client)
            task = dict(self._task, skip=self.delivered)
            key = "linq2pyarrow-%s-p%s-%s" % (self._task["source"], self._task["partition"], uuid.uuid4().hex)
            future = client.submit(
                PartitionStream, task, actor=True, pure=False, key=key, workers=[worker], allow_other_workers=True
            )
            self._driver.started(worker)
            try:
                actor = await asyncio.wait_for(future, START_TIMEOUT)
            except asyncio.CancelledError:
                self._driver.finished(worker)
                future.release()
                raise
            except asyncio.TimeoutError as exc:
                self._driver.finished(worker)
                future.release()
                raise DaskUnavailable(
                    "the Dask cluster at %s did not start the partition's task within %g s"
                    % (self._driver.address, START_TIMEOUT)
                ) from exc
            except Exception as exc:  # noqa: B902 - the worker died while starting the actor
                self._driver.finished(worker)
                future.release()
                await self._lose(worker, exc, started=False)
                continue
            address = actor._address
            if address != worker:  # placed elsewhere (the chosen worker left meanwhile)
                self._driver.finished(worker)
                self._driver.started(address)
            self._future, self._actor = future, (address, actor.key)
            self.workers.append(address)
            return

    async def _lose(self, worker, exc, started=True):
        """Forgets a lost actor; fails the run after MAX_LOST_WORKERS losses."""
        if started:
            await self._release()
        self.lost.append("%s (%s: %s)" % (worker, type(exc).__name__, exc))
        if len(self.lost) > MAX_LOST_WORKERS:
            raise DaskUnavailable(
                "the partition lost its Dask worker %d times: %s" % (len(self.lost), "; ".join(self.lost))
            )

    async def _release(self):
        future, actor = self._future, self._actor
        self._future, self._actor = None, None
        if actor is None:
            return
        self._driver.finished(actor[0])
        client = self._driver._client
        if client is not None and not self._ended:
            try:
                await asyncio.wait_for(
                    client.rpc(actor[0]).actor_execute(actor=actor[1], function="close", args=[], kwargs={}),
                    CLOSE_TIMEOUT,
                )
            except Exception:  # noqa: B902 - a lost worker has nothing left to close
                pass
        if future is not None:
            future.release()

    def _describe_failure(self, problem):
        where = "the Dask scheduler %s" % self._driver.scheduler
        if self._driver.address and self._driver.address != self._driver.scheduler:
            where += " (%s)" % self._driver.address
        return "on %s: %s" % (where, problem)


def _actor_error(reply):
    exception = reply.get("exception")
    return exception if isinstance(exception, BaseException) else RuntimeError("actor call failed: %r" % (reply,))


def start_partition(scheduler, task, upload_files=()):
    """A :class:`PartitionRun` for *task* on *scheduler*; nothing is sent until its first next()."""
    from ._driver import get_driver

    return PartitionRun(get_driver(scheduler), task, upload_files)
