"""A dependency-free Arrow IPC stream writer, with pyarrow.ipc's names for what it covers.

It writes record batches from any Arrow PyCapsule producer (``__arrow_c_array__`` or
``__arrow_c_stream__``: linq2pyarrow.arrow, pyarrow, polars, nanoarrow...) in the IPC streaming format
(metadata version V5, little-endian, uncompressed), reading the producer's memory through the C Data
Interface::

    from linq2pyarrow.arrow import ipc
    sink = io.BytesIO()
    with ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    data = sink.getvalue()          # what pyarrow.ipc.open_stream / Apache.Arrow's ArrowStreamReader read

Types: null, bool, integers, floats (16/32/64), decimal128/256, date, time, timestamp (with time
zone), duration, interval, binary/string (and large, fixed-size and view variants), list, large_list,
fixed_size_list, map, struct, and dictionary encoding (the dictionary is sent with each batch, as a
replacement).  Unions and run-end encoding raise ArrowNotImplementedError.  Dask workers use it to
send partitions back to .NET when pyarrow is not installed (see linq2pyarrow.dask).
"""
import os
from typing import Any, BinaryIO, Iterable, Union

from ..errors import ArrowInvalid
from ._encode import EOS, SchemaCodec, encode_batch, exported_batches

__all__ = ["RecordBatchStreamWriter", "new_stream", "serialize_stream"]


class RecordBatchStreamWriter:
    """Writes a schema, then record batches, then the end-of-stream marker to *sink* (a binary file-like object)."""

    def __init__(self, sink: "Union[str, os.PathLike[str], BinaryIO]", schema: Any) -> None:
        self._own = isinstance(sink, (str, os.PathLike))
        self._sink: BinaryIO = open(sink, "wb") if isinstance(sink, (str, os.PathLike)) else sink
        self._codec = SchemaCodec()
        self._key = self._read_schema(schema)
        self._closed = False
        self._sink.write(self._codec.message(self._key))

    def _read_schema(self, schema: Any) -> Any:
        from .. import _cdata

        capsule = schema.__arrow_c_schema__()
        _, key = self._codec.read(_cdata.capsule_pointer(capsule, _cdata.SCHEMA))
        return key

    def write_batch(self, batch: Any) -> None:
        """Writes one record batch (any object with ``__arrow_c_array__``)."""
        self.write(batch)

    def write_table(self, table: Any) -> None:
        """Writes every batch of a table or stream (any object with ``__arrow_c_stream__``)."""
        self.write(table)

    def write(self, obj: Any) -> None:
        """Writes a record batch, table or stream; its schema must equal the writer's."""
        if self._closed:
            raise ArrowInvalid("the stream writer is closed")
        for exported in exported_batches(obj, self._codec):
            if exported.schema_key != self._key:
                raise ArrowInvalid("the batch's schema differs from the stream's schema")
            parts, _ = encode_batch(exported)
            for part in parts:
                self._sink.write(part)

    def close(self) -> None:
        """Writes the end-of-stream marker (once); closes the sink if the writer opened it."""
        if self._closed:
            return
        self._closed = True
        self._sink.write(EOS)
        if self._own:
            self._sink.close()

    def __enter__(self) -> "RecordBatchStreamWriter":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def new_stream(sink: "Union[str, os.PathLike[str], BinaryIO]", schema: Any) -> RecordBatchStreamWriter:
    """A :class:`RecordBatchStreamWriter` (pyarrow.ipc.new_stream's signature, without options)."""
    return RecordBatchStreamWriter(sink, schema)


def serialize_stream(batches: Iterable[Any], schema: Any) -> bytes:
    """The IPC stream bytes of *batches* (each with ``__arrow_c_array__`` or ``__arrow_c_stream__``)."""
    import io

    sink = io.BytesIO()
    with new_stream(sink, schema) as writer:
        for batch in batches:
            writer.write(batch)
    return sink.getvalue()
