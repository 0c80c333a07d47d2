"""Tables and streams of record batches: Table (a schema plus a list of batches), ChunkedArray (a column of a
Table) and RecordBatchReader (a lazy stream, exported as a real ArrowArrayStream; read_all gives a Table and
Table.to_reader a reader, hence one module)."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from . import _cdata, _stream
from .array import Array
from .batch import RecordBatch
from .builders import array
from .errors import ArrowInvalid
from .schema import Schema
from .types import DataType, MetadataLike, TypeLike, ensure_type

__all__ = ["Table", "ChunkedArray", "RecordBatchReader", "table", "chunked_array"]


class ChunkedArray:
    """A logical column made of several arrays of one type."""

    __slots__ = ("_chunks", "_type")

    def __init__(self, chunks: Iterable[Any], type: Optional[TypeLike] = None) -> None:
        self._chunks = [array(c, type) for c in chunks]
        if type is None:
            if not self._chunks:
                raise ArrowInvalid("cannot infer the type of an empty ChunkedArray")
            type = self._chunks[0].type
        data_type = ensure_type(type)
        if any(c.type != data_type for c in self._chunks):
            raise ArrowInvalid("all chunks must have type %s" % data_type)
        self._type = data_type

    @property
    def type(self) -> DataType:
        return self._type

    @property
    def chunks(self) -> List[Array]:
        return list(self._chunks)

    @property
    def num_chunks(self) -> int:
        return len(self._chunks)

    def chunk(self, i: int) -> Array:
        return self._chunks[i]

    def __len__(self) -> int:
        return sum(map(len, self._chunks))

    @property
    def null_count(self) -> int:
        return sum(c.null_count for c in self._chunks)

    def to_pylist(self) -> List[Any]:
        return [v for c in self._chunks for v in c.to_pylist()]

    def __repr__(self) -> str:
        return "<linq2pyarrow.arrow.ChunkedArray type=%s length=%d chunks=%d>" % (
            self._type,
            len(self),
            len(self._chunks),
        )


class Table:
    """A schema and a list of record batches; exported as a stream of those batches."""

    __slots__ = ("_schema", "_batches")

    def __init__(self, schema: Schema, batches: Iterable[RecordBatch]) -> None:
        batches = list(batches)
        for batch in batches:
            if batch.schema != schema:
                raise ArrowInvalid("batch schema does not match the table schema")
        self._schema = schema
        self._batches = list(batches)

    @staticmethod
    def from_batches(batches: Iterable[RecordBatch], schema: Optional[Schema] = None) -> Table:
        batches = list(batches)
        if schema is None:
            if not batches:
                raise ArrowInvalid("Must pass schema, or at least one RecordBatch")
            schema = batches[0].schema
        return Table(schema, batches)

    @staticmethod
    def from_pydict(
        mapping: Mapping[str, Any],
        schema: Optional[Schema] = None,
        metadata: MetadataLike = None,
        *,
        num_rows: Optional[int] = None,
    ) -> Table:
        """As RecordBatch.from_pydict (*num_rows*, not in pyarrow, for a table without columns)."""
        batch = RecordBatch.from_pydict(mapping, schema, metadata, num_rows=num_rows)
        return Table(batch.schema, [batch])

    @staticmethod
    def from_pylist(
        mapping: Sequence[Mapping[str, Any]], schema: Optional[Schema] = None, metadata: MetadataLike = None
    ) -> Table:
        batch = RecordBatch.from_pylist(mapping, schema, metadata)
        return Table(batch.schema, [batch])

    @staticmethod
    def from_arrays(
        arrays: Sequence[Any],
        names: Optional[Sequence[str]] = None,
        schema: Optional[Schema] = None,
        metadata: MetadataLike = None,
        *,
        num_rows: Optional[int] = None,
    ) -> Table:
        batch = RecordBatch.from_arrays(arrays, names, schema, metadata, num_rows=num_rows)
        return Table(batch.schema, [batch])

    @property
    def schema(self) -> Schema:
        return self._schema

    @property
    def num_rows(self) -> int:
        return sum(b.num_rows for b in self._batches)

    def __len__(self) -> int:
        return self.num_rows

    @property
    def num_columns(self) -> int:
        return len(self._schema)

    @property
    def column_names(self) -> List[str]:
        return self._schema.names

    def column(self, i: Union[int, str]) -> ChunkedArray:
        """Column by position or name, as a ChunkedArray."""
        index = self._schema._column_index(i)
        return ChunkedArray([b.column(index) for b in self._batches], self._schema.field(index).type)

    @property
    def columns(self) -> List[ChunkedArray]:
        return [self.column(i) for i in range(len(self._schema))]

    def to_batches(self) -> List[RecordBatch]:
        return list(self._batches)

    def select(self, columns: Sequence[Union[int, str]]) -> Table:
        """A table with the given columns (names or positions), in that order."""
        indices = [c if isinstance(c, int) else self._schema.get_field_index(c) for c in columns]
        if any(i < 0 for i in indices):
            raise KeyError("unknown column in %r" % (columns,))
        schema = Schema([self._schema.field(i) for i in indices], self._schema.metadata)
        return Table(schema, [b.select(indices) for b in self._batches])

    def slice(self, offset: int = 0, length: Optional[int] = None) -> Table:
        """Rows [offset, offset+length) as a Table whose batches are slices (no copy)."""
        end = self.num_rows if length is None else offset + length
        batches, start = [], 0
        for batch in self._batches:
            stop = start + batch.num_rows
            if stop > offset and start < end:
                lo = max(offset, start) - start
                batches.append(batch.slice(lo, min(end, stop) - start - lo))
            start = stop
        return Table(self._schema, batches)

    def to_pydict(self) -> Dict[str, List[Any]]:
        return {name: self.column(name).to_pylist() for name in self._schema.names}

    def to_pylist(self) -> List[Dict[str, Any]]:
        return [row for b in self._batches for row in b.to_pylist()]

    def to_reader(self) -> RecordBatchReader:
        return RecordBatchReader.from_batches(self._schema, self._batches)

    def equals(self, other: object) -> bool:
        return isinstance(other, Table) and self._schema == other._schema and (self.to_pydict() == other.to_pydict())

    def __eq__(self, other: object) -> bool:
        return self.equals(other)

    __hash__ = None  # type: ignore[assignment]  # unhashable: equality compares the data

    def __repr__(self) -> str:
        return "linq2pyarrow.arrow.Table\n%s\n----\n%d rows in %d batches" % (
            self._schema,
            self.num_rows,
            len(self._batches),
        )

    def __arrow_c_schema__(self) -> object:
        return self._schema.__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """A stream of this table's batches; *requested_schema* is accepted and ignored."""
        return self.to_reader().__arrow_c_stream__()


def table(
    data: Union[RecordBatch, Mapping[str, Any], Iterable[Mapping[str, Any]]],
    schema: Optional[Schema] = None,
    metadata: MetadataLike = None,
) -> Table:
    """``table({name: values})``, ``table([rows as dicts])`` or ``table(record_batch)``."""
    if isinstance(data, RecordBatch):
        return Table(data.schema, [data])
    if isinstance(data, Mapping):
        return Table.from_pydict(data, schema, metadata)
    return Table.from_pylist(list(data), schema, metadata)


def chunked_array(arrays: Iterable[Any], type: Optional[TypeLike] = None) -> ChunkedArray:
    """A column made of *arrays* (Arrays or anything :func:`array` takes), all of one type."""
    return ChunkedArray(arrays, type)


class RecordBatchReader:
    """A one-shot stream of record batches sharing one schema.

    Read it from Python (``read_next_batch``, iteration, ``read_all``) or export
    it once (``__arrow_c_stream__`` / ``_export_to_c``); either consumes it.
    """

    def __init__(self, schema: Schema, iterable: Iterable[Any]) -> None:
        if not isinstance(schema, Schema):
            raise TypeError("schema must be a Schema, got %r" % type(schema).__name__)
        self._schema = schema
        self._iterator: Iterator[Any] = iter(iterable)
        self._exported = False
        self.last_exception: Optional[BaseException] = None  # set when the iterable raised during a C export

    @staticmethod
    def from_batches(schema: Schema, batches: Iterable[Any]) -> RecordBatchReader:
        """Stream over *batches* (any iterable of record batches, pulled lazily)."""
        return RecordBatchReader(schema, batches)

    @property
    def schema(self) -> Schema:
        return self._schema

    def _take_iterator(self) -> Iterator[Any]:
        if self._exported:
            raise ArrowInvalid("this RecordBatchReader was already exported or closed")
        self._exported = True
        return self._iterator

    def read_next_batch(self) -> RecordBatch:
        if self._exported:
            raise ArrowInvalid("this RecordBatchReader was already exported or closed")
        batch = next(self._iterator)
        if isinstance(batch, RecordBatch) and batch.schema != self._schema:
            raise ArrowInvalid("batch schema does not match the stream schema")
        return batch

    def __iter__(self) -> RecordBatchReader:
        return self

    def __next__(self) -> RecordBatch:
        return self.read_next_batch()

    def read_all(self) -> Table:
        return Table.from_batches(list(self), self._schema)

    def close(self) -> None:
        if not self._exported:
            self._exported = True
            close = getattr(self._iterator, "close", None)
            if close is not None:
                close()

    def __enter__(self) -> RecordBatchReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __arrow_c_schema__(self) -> object:
        return self._schema.__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """An ``arrow_array_stream`` capsule; *requested_schema* is accepted and ignored (best effort)."""
        return _cdata.new_capsule(_cdata.STREAM, lambda address: _stream.export_stream(self, address))

    def _export_to_c(self, out_ptr: int) -> None:
        """pyarrow < 14 style export into a caller-allocated ArrowArrayStream."""
        _stream.export_stream(self, out_ptr)
