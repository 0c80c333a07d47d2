"""The driver side: one asynchronous Dask client per scheduler, on an event loop thread of its own.

.NET calls in from its partition worker threads.  Everything that talks to Dask runs as a coroutine on
the driver's loop (an asynchronous ``distributed.Client``), and the calling thread waits on a
``concurrent.futures.Future`` with the GIL released; a cancelled query cancels that future from another
thread and the waiting thread returns at once.  ``local`` and ``local:N`` start a LocalCluster of N worker
processes that this process owns and shuts down at exit.
"""
import asyncio
import atexit
import logging
import os
import random
import shutil
import sys
import tempfile
import threading
import zipfile

import linq2pyarrow

CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler (or start a local cluster's)
WORKER_WAIT = 10.0  # seconds a partition waits for a worker when the cluster has none
START_TIMEOUT = 60.0  # seconds for a partition's actor to start on a worker

_drivers: "dict[str, Driver]" = {}
_drivers_lock = threading.Lock()


class DaskUnavailable(Exception):
    """The cluster cannot run the partition: scheduler unreachable, no workers, lost too many workers."""


def get_driver(scheduler):
    """The process's driver for *scheduler* (``tcp://host:port``, ``local`` or ``local:N``), created on first use."""
    with _drivers_lock:
        driver = _drivers.get(scheduler)
        if driver is None:
            driver = _drivers[scheduler] = Driver(scheduler)
        return driver


def parse_scheduler(scheduler):
    """(address or None, local worker count or None); ValueError for anything else."""
    text = scheduler.strip()
    if text == "local":
        return None, os.cpu_count() or 1
    if text.startswith("local:"):
        count = text[len("local:") :]
        if not count.isdigit() or int(count) < 1:
            raise ValueError("'%s': local:N needs a worker count N of at least 1" % scheduler)
        return None, int(count)
    if "://" in text:
        return text, None
    raise ValueError("'%s' is not a Dask scheduler: use tcp://host:port, local or local:N" % scheduler)


class Driver:
    """A Dask client (and, for local:N, the LocalCluster it owns) on the driver's own event loop thread."""

    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.address, self._local_workers = parse_scheduler(scheduler)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="linq2pyarrow-dask-driver", daemon=True)
        self._thread.start()
        self._client = None
        self._cluster = None
        self._connect_lock = None  # asyncio.Lock, made on the loop
        self._active = {}  # worker address -> partitions this process runs there
        self._uploaded = {}  # path -> (mtime, size) last uploaded
        self._closed = False

    @property
    def loop(self):
        return self._loop

    def submit(self, coroutine):
        """Runs *coroutine* on the driver's loop; a concurrent.futures.Future of its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def call(self, coroutine, timeout=None):
        return self.submit(coroutine).result(timeout)

    # --- connection -----------------------------------------------------------------------------------
    async def client(self, upload_files=()):
        """The connected client (connecting, or reconnecting after the scheduler was lost)."""
        if self._connect_lock is None:
            self._connect_lock = asyncio.Lock()
        async with self._connect_lock:
            if self._closed:
                raise DaskUnavailable("the Dask driver for %s was shut down (the process is exiting)" % self.scheduler)
            if self._client is None or self._client.status not in ("running", "connecting", "newly-created"):
                await self._connect()
            for path in upload_files:
                await self._upload(path)
        return self._client

    async def _connect(self):
        try:
            from distributed import Client
        except ImportError as exc:
            raise DaskUnavailable(
                "the embedded Python (%s) cannot import distributed (%s). Fix: install it for that Python (Debian: "
                "apt-get install python3-distributed; otherwise pip install distributed)" % (sys.executable, exc)
            ) from exc
        await self._drop_client()
        if self._local_workers is not None and self._cluster is None:
            self._cluster = await _start_local_cluster(self._local_workers)
            self.address = self._cluster.scheduler_address
        await _refused_fast(self.address)
        try:
            client = await asyncio.wait_for(
                Client(
                    self.address,
                    asynchronous=True,
                    timeout=CONNECT_TIMEOUT,
                    set_as_default=False,
                    direct_to_workers=True,
                ),
                CONNECT_TIMEOUT + 5,
            )
        except (OSError, asyncio.TimeoutError) as exc:
            raise DaskUnavailable(
                "could not connect to the Dask scheduler at %s within %g s (%s: %s). Fix: start "
                "the scheduler (dask-scheduler) or correct PythonSourceSettings.DaskScheduler"
                % (self.address, CONNECT_TIMEOUT, type(exc).__name__, exc)
            ) from exc
        self._client = client
        self._uploaded.clear()
        await self._ensure_package()

    async def _drop_client(self):
        client, self._client = self._client, None
        if client is not None:
            try:
                await asyncio.wait_for(client.close(), 5)
            except Exception:  # noqa: B902 - a dead client is dropped either way
                pass

    async def _ensure_package(self):
        """Uploads linq2pyarrow (as a zip) to the workers when they cannot import it, for the worker code."""
        # eval of a string: a function of this package would be pickled by reference, and fail to unpickle there.
        versions = await self._client.run(eval, _PACKAGE_VERSION)
        if all(v == linq2pyarrow.__version__ for v in versions.values()):
            return
        missing = [w for w, v in versions.items() if v is None]
        others = {w: v for w, v in versions.items() if v is not None and v != linq2pyarrow.__version__}
        if others:
            raise DaskUnavailable(
                "Dask workers have linq2pyarrow %s but this process has %s (%s). Fix: install the same version on the "
                "workers, or remove it there so that it is uploaded"
                % (", ".join(sorted(set(others.values()))), linq2pyarrow.__version__, ", ".join(sorted(others)))
            )
        if missing or not versions:
            await self._client.upload_file(_package_zip())

    async def _upload(self, path):
        try:
            stat = os.stat(path)
        except OSError as exc:
            raise DaskUnavailable("cannot upload '%s' to the Dask workers: %s" % (path, exc)) from exc
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._uploaded.get(path) == stamp:
            return
        await self._client.upload_file(path)
        self._uploaded[path] = stamp

    # --- workers --------------------------------------------------------------------------------------
    async def choose_worker(self, client):
        """The running worker with the fewest of this process's partitions per thread; waits (bounded) for one."""
        deadline = self._loop.time() + WORKER_WAIT
        while True:
            try:
                identity = await client.scheduler.identity()
            except Exception as exc:  # noqa: B902 - any failure to reach the scheduler
                raise DaskUnavailable(
                    "lost the Dask scheduler at %s (%s: %s)" % (self.address, type(exc).__name__, exc)
                ) from exc
            workers = {
                address: info
                for address, info in identity.get("workers", {}).items()
                if info.get("status", "running") == "running"
            }
            if workers:
                return min(
                    workers,
                    key=lambda w: (self._active.get(w, 0) / max(1, workers[w].get("nthreads", 1)), random.random()),
                )
            if self._loop.time() >= deadline:
                raise DaskUnavailable(
                    "the Dask scheduler at %s has no workers (waited %g s for one). Fix: start workers "
                    "(dask-worker %s) or check why they died" % (self.address, WORKER_WAIT, self.address)
                )
            await asyncio.sleep(0.2)

    def started(self, worker):
        self._active[worker] = self._active.get(worker, 0) + 1

    def finished(self, worker):
        count = self._active.get(worker, 0) - 1
        if count > 0:
            self._active[worker] = count
        else:
            self._active.pop(worker, None)

    async def describe(self):
        """ "tcp://host:port (N workers)", with the local cluster's spec in front for local[:N]."""
        client = await self.client()
        identity = await client.scheduler.identity()
        count = len(identity.get("workers", {}))
        text = "%s (%d worker%s)" % (self.address, count, "" if count == 1 else "s")
        return text if self._local_workers is None else "%s: %s" % (self.scheduler, text)

    # --- shutdown -------------------------------------------------------------------------------------
    async def shutdown(self):
        self._closed = True
        await self._drop_client()
        cluster, self._cluster = self._cluster, None
        if cluster is not None:
            try:
                await asyncio.wait_for(cluster.close(), 10)
            except Exception:  # noqa: B902 - best effort at exit
                pass


def interpreter_for_workers(executable, prefix, base_prefix, version, exists=os.path.exists, realpath=os.path.realpath):
    """The Python a spawned worker process must run: this process's own installation, or None if *executable* is it.

    A host that starts Python without a program name (Python.NET's PythonEngine.Initialize) leaves
    ``sys.executable`` at whatever ``python3`` PATH finds first, possibly another installation (a pyenv shim next
    to Debian's libpython): workers started with it import this process's stdlib paths into another interpreter
    and die at import, and the cluster never starts.  *executable* is kept when it lives in this installation
    (under *prefix*, a virtual environment's ``bin`` included, or under *base_prefix* once symlinks are resolved).
    """
    if executable:
        folders = {realpath(os.path.dirname(executable)), os.path.dirname(realpath(executable))}
        if any(_inside(folder, realpath(root)) for folder in folders for root in (prefix, base_prefix)):
            return None
    major, minor = version[0], version[1]
    for root in (prefix, base_prefix):
        for name in ("bin/python%d.%d" % (major, minor), "bin/python%d" % major, "bin/python", "python.exe"):
            candidate = os.path.join(root, name)
            if exists(candidate):
                return candidate
    return None


def _inside(path, root):
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def _use_this_interpreter_for_workers():
    executable = interpreter_for_workers(sys.executable, sys.prefix, sys.base_prefix, sys.version_info)
    if executable is not None:
        import multiprocessing

        multiprocessing.set_executable(executable)


async def _start_local_cluster(workers):
    from distributed import LocalCluster

    _use_this_interpreter_for_workers()
    try:
        return await asyncio.wait_for(
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                asynchronous=True,
                dashboard_address=None,
                host="127.0.0.1",
                silence_logs=logging.ERROR,
            ),
            START_TIMEOUT,
        )
    except Exception as exc:  # noqa: B902
        raise DaskUnavailable(
            "could not start a local Dask cluster of %d worker processes (%s: %s)" % (workers, type(exc).__name__, exc)
        ) from exc


_PACKAGE_VERSION = (
    "__import__('importlib.util').util.find_spec('linq2pyarrow') is not None "
    "and __import__('linq2pyarrow').__version__ or None"
)


_zip_path: "list[str]" = []


def _package_zip():
    """linq2pyarrow (without caches) zipped once per process, for Client.upload_file."""
    if not _zip_path:
        root = os.path.dirname(os.path.abspath(linq2pyarrow.__file__))
        folder = tempfile.mkdtemp(prefix="linq2pyarrow-upload-")
        path = os.path.join(folder, "linq2pyarrow-%s.zip" % linq2pyarrow.__version__)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for directory, folders, files in os.walk(root):
                folders[:] = [f for f in folders if f != "__pycache__"]
                for name in files:
                    if name.endswith((".py", ".typed", ".md")):
                        full = os.path.join(directory, name)
                        archive.write(full, os.path.relpath(full, os.path.dirname(root)))
        atexit.register(shutil.rmtree, folder, True)
        _zip_path.append(path)
    return _zip_path[0]


@atexit.register
def _shutdown_all():
    """Closes every client and stops the local clusters this process started (bounded: the process is exiting)."""
    with _drivers_lock:
        drivers = list(_drivers.values())
        _drivers.clear()
    futures = [d.submit(d.shutdown()) for d in drivers]
    for future in futures:
        try:
            future.result(timeout=2.5)
        except Exception:  # noqa: B902 - at exit, nothing more to do
            pass
    for driver in drivers:
        driver.loop.call_soon_threadsafe(driver.loop.stop)


async def _refused_fast(address):
    """Fails at once when nothing listens at a tcp:// address: Dask's client would retry a refused connection
    until its timeout. Anything else (a slow network, another scheme) is left to the client and its timeout."""
    if not address.startswith("tcp://"):
        return
    host, _, port = address[len("tcp://") :].rpartition(":")
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host.strip("[]"), int(port)), CONNECT_TIMEOUT)
    except ConnectionRefusedError as exc:
        raise DaskUnavailable(
            "could not connect to the Dask scheduler at %s: connection refused (nothing listens there). Fix: start "
            "the scheduler (dask-scheduler) or correct PythonSourceSettings.DaskScheduler" % address
        ) from exc
    except (OSError, ValueError, asyncio.TimeoutError):
        return
    writer.close()
