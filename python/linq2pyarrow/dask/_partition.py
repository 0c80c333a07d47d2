"""Reads one partition on a Dask worker: imports the source, calls read_partition, encodes IPC messages.

This is the worker-side twin of the .NET PartitionReader: the same calls with the same hints, the same
kinds of results (an iterator of record batches or streams, a stream, or a single batch), the same row
limit (whole batches, stopping once the rows reach it).  On a retry after a lost worker it skips the rows
already delivered, so the driver receives every row exactly once (the source must yield its rows in the
same order every time, as for any retried task).
"""
import importlib
import struct
import traceback

from linq2pyarrow.arrow.ipc._encode import EOS, SchemaCodec, encode_batch, exported_batches

try:  # pyarrow's writer when the worker has it; the dependency-free writer otherwise
    import pyarrow as _pa
    import pyarrow.ipc  # noqa: F401
except ImportError:  # pragma: no cover - depends on the worker's environment
    _pa = None


class SourceError(Exception):
    """A failure of the source (or of its module) on the worker, with what the driver reports."""

    def __init__(self, operation, exc):
        super().__init__(str(exc))
        self.report = {
            "operation": operation,
            "type": _type_name(exc),
            "message": str(exc),
            "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        }


def _type_name(exc):
    t = type(exc)
    return t.__qualname__ if t.__module__ in ("builtins", "__main__") else "%s.%s" % (t.__module__, t.__qualname__)


def open_partition(task):
    """Imports the module, instantiates the class and calls read_partition(spec, options, **hints)."""
    try:
        module = importlib.import_module(task["module"])
    except BaseException as exc:  # noqa: B902 - every failure is the source's and goes back to .NET
        raise SourceError("import", exc) from exc
    try:
        cls = getattr(module, task["class"])
    except AttributeError as exc:
        raise SourceError("import", exc) from exc
    try:
        instance = cls()
    except BaseException as exc:
        raise SourceError("instantiate", exc) from exc
    try:
        return instance.read_partition(task["spec"], dict(task["options"]), **task["hints"])
    except BaseException as exc:
        raise SourceError("read_partition", exc) from exc


class Encoded:
    """One record batch's IPC messages (dictionaries + record batch), with what its views need alive."""

    __slots__ = ("schema_key", "schema_message", "parts", "nbytes", "rows", "keepalive")

    def __init__(self, schema_key, schema_message, parts, nbytes, rows, keepalive):
        self.schema_key = schema_key
        self.schema_message = schema_message
        self.parts = parts
        self.nbytes = nbytes
        self.rows = rows
        self.keepalive = keepalive


def chunk_bytes(items):
    """One IPC stream: the schema (all items share it), each batch's messages, the end-of-stream marker."""
    return b"".join([items[0].schema_message] + [p for item in items for p in item.parts] + [EOS])


class PartitionReader:
    """Steps read_partition's result and yields :class:`Encoded` batches, skipping and limiting rows."""

    def __init__(self, task):
        self.task = task
        self.skip = task.get("skip", 0)
        self.stop_after = task.get("stop_after")
        self.rows = 0  # rows the source yielded so far (before skipping)
        self.result = None
        self.iterator = None
        self.exhausted = False

    def batches(self):
        """Yields the partition's batches; SourceError for any failure of the source."""
        self.result = open_partition(self.task)
        codec = _Codec()
        for item in self._items():
            for encoded in codec.encode(item, self):
                if encoded is not None:
                    yield encoded
                if self.stop_after is not None and self.rows >= self.stop_after:
                    return
        self.exhausted = True

    def _items(self):
        result = self.result
        if hasattr(result, "__arrow_c_array__") or hasattr(result, "__arrow_c_stream__") or _is_pyarrow_data(result):
            yield result
            return
        try:
            self.iterator = iter(result)
        except TypeError as exc:
            raise SourceError(
                "read_partition",
                TypeError(
                    "read_partition returned a '%s', which is not iterable. read_partition must return an iterator of "
                    "Arrow record batches (a generator that yields them works) or an object with __arrow_c_stream__."
                    % type(result).__name__
                ),
            ) from exc
        while True:
            try:
                item = next(self.iterator)
            except StopIteration:
                return
            except BaseException as exc:
                raise SourceError("read_partition", exc) from exc
            if not (
                hasattr(item, "__arrow_c_array__") or hasattr(item, "__arrow_c_stream__") or _is_pyarrow_data(item)
            ):
                raise SourceError(
                    "read_partition",
                    TypeError(
                        "read_partition yielded a '%s', which is not an Arrow record batch. Yield objects that implement "
                        "__arrow_c_array__ or __arrow_c_stream__ (Arrow PyCapsule protocol: pyarrow, polars, duckdb, "
                        "nanoarrow, linq2pyarrow.arrow)." % type(item).__name__
                    ),
                )
            yield item

    def take(self, length):
        """The slice (start, length) of a batch of *length* rows to send, given the rows to skip; counts rows."""
        first = self.rows
        self.rows += length
        start = min(max(self.skip - first, 0), length)
        return start, length - start

    def close(self):
        """Closes a generator left early, so its finally blocks run (as in-process)."""
        iterator, self.iterator = self.iterator, None
        if iterator is not None and not self.exhausted and hasattr(iterator, "close"):
            try:
                iterator.close()
            except BaseException as exc:  # reported only when nothing else failed (the caller decides)
                raise SourceError("read_partition", exc) from exc


def _is_pyarrow_data(obj):
    return _pa is not None and isinstance(obj, (_pa.RecordBatch, _pa.Table, _pa.RecordBatchReader))


class _Codec:
    """Encodes items with pyarrow when the worker has it, else with linq2pyarrow.arrow.ipc."""

    def __init__(self):
        self._schemas = SchemaCodec()

    def encode(self, item, reader):
        if _pa is not None:
            yield from _encode_pyarrow(item, reader)
            return
        try:
            for exported in exported_batches(item, self._schemas):
                start, length = reader.take(exported.length)
                if length == 0 and exported.length > 0:
                    yield None  # entirely skipped (delivered before a retry)
                    continue
                parts, nbytes = encode_batch(exported, start, length)
                keepalive = exported.keepalive
                if not _owns(keepalive):  # a stream's batch is released when the stream advances: copy it now
                    parts, keepalive = [b"".join(parts)], None
                yield Encoded(
                    exported.schema_key, self._schemas.message(exported.schema_key), parts, nbytes, length, keepalive
                )
        except SourceError:
            raise
        except Exception as exc:  # not GeneratorExit: closing this generator early is no failure
            raise SourceError("read_partition", exc) from exc


def _owns(keepalive):
    return isinstance(keepalive, tuple) and len(keepalive) == 2 and type(keepalive[1]).__name__ == "PyCapsule"


def _encode_pyarrow(item, reader):  # pragma: no cover - runs only on workers that have pyarrow
    """pyarrow's IPC writer: one stream per batch (schema + dictionaries + batch), sliced like the other path."""
    try:
        if isinstance(item, (_pa.RecordBatch, _pa.Table, _pa.RecordBatchReader)):
            data = item
        elif hasattr(item, "__arrow_c_array__"):
            data = _pa.record_batch(item)
        else:
            data = _pa.RecordBatchReader.from_stream(item)
        batches = (
            data.to_batches()
            if isinstance(data, _pa.Table)
            else (data if isinstance(data, _pa.RecordBatchReader) else [data])
        )
        for batch in batches:
            start, length = reader.take(batch.num_rows)
            if length == 0 and batch.num_rows > 0:
                yield None
                continue
            sliced = batch.slice(start, length)
            sink = _pa.BufferOutputStream()
            with _pa.ipc.new_stream(sink, sliced.schema) as writer:
                writer.write_batch(sliced)
            stream = sink.getvalue().to_pybytes()
            # Split the stream back into its schema message (no body) and the rest, so batches of one schema
            # share a chunk.
            schema_length = 8 + struct.unpack_from("<i", stream, 4)[0]
            messages = stream[schema_length : len(stream) - len(EOS)]
            schema_message = stream[:schema_length]
            yield Encoded(("pyarrow", schema_message), schema_message, [messages], len(messages), length, None)
    except SourceError:
        raise
    except Exception as exc:  # not GeneratorExit (closing early is no failure)
        raise SourceError("read_partition", exc) from exc
