"""PostgreSQL reads through ``COPY (SELECT ...) TO STDOUT (FORMAT binary)`` (needs numpy).

psycopg2's ``copy_expert`` runs on a background thread and hands each CopyData message to a sink, which
appends it to the chunk's bytearray and its length to an int64 array; every ``fetchsize`` messages (or
64 MiB) the chunk goes on a small bounded queue, and the reading generator turns it into one record batch
with :mod:`pg_binary`.  Memory stays bounded by a few chunks whatever the result size, and the server, the
COPY thread and the decoding overlap.

PostgreSQL sends one CopyData message per row (the 19-byte file header rides on the first one, the int16
-1 trailer is a message of its own), so message lengths give the row starts and every column is decoded
for all rows at once.  Nothing in the protocol promises that framing, so the decoder checks it (field
counts, lengths and row ends must match); if they don't, the rows are found by walking the fields one by
one from then on ("stream mode"), which is slower but needs no framing at all.

Closing the generator early (a cancelled or disposed query) cancels the COPY on the server, stops the
thread and lets the caller close the connection.
"""
from __future__ import annotations

import array
import queue
import struct
import threading
import time
from typing import Any, Iterator, Sequence

import numpy as np

from .._arrow import pa
from ..errors import JDBCQueryError
from .pg_binary import PAD, FramingError, decode_rows

__all__ = ["COPY_SIGNATURE", "Chunk", "RowAssembler", "chunk_of", "copy_batches", "copy_chunks"]

COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_HEADER = 19  # signature, int32 flags, int32 header-extension length
_TRAILER = b"\xff\xff"
_MAX_CHUNK_BYTES = 64 << 20
_QUEUED_CHUNKS = 2
_POLL_SECONDS = 0.1
_STOP_SECONDS = 30.0  # how long closing waits for the COPY thread after cancelling the statement
_INT16 = struct.Struct(">h")
_INT32 = struct.Struct(">i")


class Chunk:
    """CopyData messages back to back in ``data`` (followed by ``PAD``), with each message's length."""

    __slots__ = ("data", "lengths")

    def __init__(self) -> None:
        self.data = bytearray()
        self.lengths = array.array("q")

    def __len__(self) -> int:
        return len(self.lengths)


def chunk_of(messages: Sequence[bytes]) -> Chunk:
    """A chunk holding ``messages``, as the COPY sink builds it."""
    chunk = Chunk()
    for message in messages:
        chunk.data += message
        chunk.lengths.append(len(message))
    chunk.data += PAD
    return chunk


def _corrupt(detail: str) -> JDBCQueryError:
    return JDBCQueryError(f"PostgreSQL's binary COPY data could not be decoded: {detail}")


class RowAssembler:
    """Turns chunks of CopyData messages into (data, row starts, row ends) for :func:`decode_rows`."""

    def __init__(self, field_count: int) -> None:
        self.field_count = field_count
        self.framed = True  # messages are rows, until a chunk proves otherwise
        self._header_done = False
        self._carry = b""
        self.ended = False

    def decode(self, chunk: Chunk, columns: Sequence[tuple[str, str, Any]]) -> list[Any] | None:
        """Arrow arrays of the complete rows in ``chunk`` (None when there are none yet)."""
        if self.ended:
            if any(chunk.lengths):
                raise _corrupt("data after the trailer")
            return None
        if self.framed:
            framed = self._framed(chunk)
            if framed is not None:
                starts, ends, ended = framed
                try:
                    arrays = decode_rows(chunk.data, starts, ends, columns) if len(starts) else None
                except FramingError:
                    pass  # this chunk is read again below, from its first byte
                else:
                    self._header_done, self.ended = True, ended
                    return arrays
            self.framed = False
        return self._streamed(chunk, columns)

    def finish(self) -> None:
        """Checks that the data ended with the trailer, after a complete row."""
        if self._carry or not self.ended:
            raise _corrupt("the data ended in the middle of a row" if self._carry else "no trailer")

    def _framed(self, chunk: Chunk) -> tuple[Any, Any, bool] | None:
        """(row starts, row ends, trailer seen), taking each message for a row; None if it can't be."""
        lengths = np.frombuffer(chunk.lengths, np.int64) if len(chunk) else np.zeros(0, np.int64)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        data = chunk.data
        if not self._header_done:
            skip = _header_length(bytes(data[:_HEADER]), data)
            if skip is None or not len(lengths) or lengths[0] < skip:
                return None
            starts[0] += skip
        count = len(lengths)
        ended = bool(count) and ends[-1] - starts[-1] == 2 and data[ends[-1] - 2 : ends[-1]] == _TRAILER
        if ended:
            count -= 1
        keep = starts[:count] < ends[:count]  # drops the header-only first message
        if not keep.all():
            return starts[:count][keep], ends[:count][keep], ended
        return starts[:count], ends[:count], ended

    def _streamed(self, chunk: Chunk, columns: Sequence[tuple[str, str, Any]]) -> list[Any] | None:
        buffer = self._carry + bytes(memoryview(chunk.data)[: len(chunk.data) - len(PAD)])
        if not self._header_done:
            skip = _header_length(buffer[:_HEADER], buffer)
            if skip is None and len(buffer) >= _HEADER:
                raise _corrupt("no binary COPY signature")
            if skip is None or len(buffer) < skip:
                self._carry = buffer
                return None
            buffer = buffer[skip:]
            self._header_done = True
        starts, consumed, ended = _walk_rows(buffer, self.field_count)
        if ended:
            if consumed + len(_TRAILER) != len(buffer):
                raise _corrupt("data after the trailer")
            self.ended = True
            self._carry = b""
        else:
            self._carry = buffer[consumed:]
        if not starts:
            return None
        starts_array = np.array(starts, np.int64)
        ends = np.append(starts_array[1:], consumed)
        try:
            return decode_rows(buffer[:consumed] + PAD, starts_array, ends, columns)
        except FramingError as exc:
            raise _corrupt(str(exc)) from None


def _header_length(head: bytes, data: bytes | bytearray) -> int | None:
    """Length of the file header at the start of ``data`` (None: too short to tell, or not a header)."""
    if len(head) < _HEADER or not head.startswith(COPY_SIGNATURE):
        return None
    return _HEADER + _INT32.unpack_from(data, 15)[0]


def _walk_rows(buffer: bytes, field_count: int) -> tuple[list[int], int, bool]:
    """(starts of the complete rows, bytes they take, whether the trailer follows them)."""
    starts: list[int] = []
    position, size = 0, len(buffer)
    unpack16, unpack32 = _INT16.unpack_from, _INT32.unpack_from
    while position + 2 <= size:
        count = unpack16(buffer, position)[0]
        if count == -1:
            return starts, position, True
        if count != field_count:
            raise _corrupt(f"a row has {count} fields, expected {field_count}")
        cursor = position + 2
        for _ in range(field_count):
            if cursor + 4 > size:
                return starts, position, False
            length = unpack32(buffer, cursor)[0]
            cursor += 4 + max(length, 0)
        if cursor > size:
            return starts, position, False
        starts.append(position)
        position = cursor
    return starts, position, False


class _Stopped(Exception):
    """Raised inside ``copy_expert`` when the reader went away: aborts the COPY."""


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


class _Sink:
    """The file object ``copy_expert`` writes each CopyData message to: fills chunks, queues them."""

    def __init__(self, rows_per_chunk: int, chunks: queue.Queue, stop: threading.Event) -> None:
        self._rows = rows_per_chunk
        self._chunks = chunks
        self._stop = stop
        self._chunk = Chunk()

    def write(self, data: bytes) -> None:
        chunk = self._chunk
        chunk.data += data
        lengths = chunk.lengths
        lengths.append(len(data))
        if len(lengths) >= self._rows or len(chunk.data) >= _MAX_CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        if len(self._chunk):
            self._chunk.data += PAD
            put(self._chunks, self._stop, self._chunk)
            self._chunk = Chunk()


def put(chunks: queue.Queue, stop: threading.Event, item: object) -> None:
    """Blocking put that gives up (raising _Stopped) once the reader has stopped."""
    while not stop.is_set():
        try:
            chunks.put(item, timeout=_POLL_SECONDS)
            return
        except queue.Full:
            continue
    raise _Stopped


def copy_chunks(conn: Any, copy_sql: bytes, rows_per_chunk: int) -> Iterator[Chunk]:
    """Chunks of the CopyData messages of ``copy_sql``, read on a background thread.

    Errors of the COPY (psycopg2 exceptions) are raised from this generator.  Closing it early cancels
    the statement on the server and waits for the thread; the connection is then idle in a failed
    transaction, and the caller rolls back or closes it.
    """
    chunks: queue.Queue = queue.Queue(maxsize=_QUEUED_CHUNKS)
    stop = threading.Event()
    sink = _Sink(rows_per_chunk, chunks, stop)

    def run() -> None:
        try:
            with conn.cursor() as cursor:
                cursor.copy_expert(copy_sql, sink)
            sink.flush()
            put(chunks, stop, _END)
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the reader, raised there
            try:
                put(chunks, stop, _Failure(exc))
            except _Stopped:
                pass

    thread = threading.Thread(target=run, name="linq2pyarrow-pg-copy", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        if thread.is_alive():
            stop.set()
            try:
                conn.cancel()
            except Exception:  # the COPY may have finished meanwhile
                pass
            deadline = time.monotonic() + _STOP_SECONDS
            while thread.is_alive() and time.monotonic() < deadline:
                try:
                    chunks.get(timeout=_POLL_SECONDS)  # unblocks a sink waiting for room
                except queue.Empty:
                    pass
                thread.join(_POLL_SECONDS)


def copy_batches(
    conn: Any, select_sql: bytes, columns: Sequence[tuple[str, str, Any]], schema: Any, rows_per_chunk: int
) -> Iterator[Any]:
    """Record batches of ``select_sql`` (a complete SELECT, parameters already inlined)."""
    copy_sql = b"COPY (" + select_sql + b") TO STDOUT (FORMAT binary)"
    assembler = RowAssembler(len(columns))
    for chunk in copy_chunks(conn, copy_sql, rows_per_chunk):
        arrays = assembler.decode(chunk, columns)
        if arrays is not None:
            yield pa.RecordBatch.from_arrays(arrays, schema=schema)
    assembler.finish()
