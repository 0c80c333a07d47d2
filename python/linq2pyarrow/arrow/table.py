"""Tables and streams of record batches: Table (a schema plus a list of batches), ChunkedArray (a column of a
Table) and RecordBatchReader (a lazy stream, exported as a real ArrowArrayStream; read_all gives a Table and
Table.to_reader a reader, hence one module)."""
from . import _cdata, _stream
from .batch import RecordBatch
from .builders import array
from .errors import ArrowInvalid
from .schema import Schema

__all__ = ["Table", "ChunkedArray", "RecordBatchReader", "table", "chunked_array"]


class ChunkedArray:
    """A logical column made of several arrays of one type."""

    __slots__ = ("_chunks", "_type")

    def __init__(self, chunks, type=None):
        self._chunks = [array(c, type) for c in chunks]
        if type is None:
            if not self._chunks:
                raise ArrowInvalid("cannot infer the type of an empty ChunkedArray")
            type = self._chunks[0].type
        if any(c.type != type for c in self._chunks):
            raise ArrowInvalid("all chunks must have type %s" % type)
        self._type = type

    @property
    def type(self):
        return self._type

    @property
    def chunks(self):
        return list(self._chunks)

    @property
    def num_chunks(self):
        return len(self._chunks)

    def chunk(self, i):
        return self._chunks[i]

    def __len__(self):
        return sum(map(len, self._chunks))

    @property
    def null_count(self):
        return sum(c.null_count for c in self._chunks)

    def to_pylist(self):
        return [v for c in self._chunks for v in c.to_pylist()]

    def __repr__(self):
        return "<linq2pyarrow.arrow.ChunkedArray type=%s length=%d chunks=%d>" % (
            self._type,
            len(self),
            len(self._chunks),
        )


class Table:
    """A schema and a list of record batches; exported as a stream of those batches."""

    __slots__ = ("_schema", "_batches")

    def __init__(self, schema, batches):
        for batch in batches:
            if batch.schema != schema:
                raise ArrowInvalid("batch schema does not match the table schema")
        self._schema = schema
        self._batches = list(batches)

    @staticmethod
    def from_batches(batches, schema=None):
        batches = list(batches)
        if schema is None:
            if not batches:
                raise ArrowInvalid("Must pass schema, or at least one RecordBatch")
            schema = batches[0].schema
        return Table(schema, batches)

    @staticmethod
    def from_pydict(mapping, schema=None, metadata=None, *, num_rows=None):
        """As RecordBatch.from_pydict (*num_rows*, not in pyarrow, for a table without columns)."""
        batch = RecordBatch.from_pydict(mapping, schema, metadata, num_rows=num_rows)
        return Table(batch.schema, [batch])

    @staticmethod
    def from_pylist(mapping, schema=None, metadata=None):
        batch = RecordBatch.from_pylist(mapping, schema, metadata)
        return Table(batch.schema, [batch])

    @staticmethod
    def from_arrays(arrays, names=None, schema=None, metadata=None, *, num_rows=None):
        batch = RecordBatch.from_arrays(arrays, names, schema, metadata, num_rows=num_rows)
        return Table(batch.schema, [batch])

    @property
    def schema(self):
        return self._schema

    @property
    def num_rows(self):
        return sum(b.num_rows for b in self._batches)

    def __len__(self):
        return self.num_rows

    @property
    def num_columns(self):
        return len(self._schema)

    @property
    def column_names(self):
        return self._schema.names

    def column(self, i):
        """Column by position or name, as a ChunkedArray."""
        i = self._schema._column_index(i)
        return ChunkedArray([b.column(i) for b in self._batches], self._schema.field(i).type)

    @property
    def columns(self):
        return [self.column(i) for i in range(len(self._schema))]

    def to_batches(self):
        return list(self._batches)

    def select(self, columns):
        """A table with the given columns (names or positions), in that order."""
        indices = [c if isinstance(c, int) else self._schema.get_field_index(c) for c in columns]
        if any(i < 0 for i in indices):
            raise KeyError("unknown column in %r" % (columns,))
        schema = Schema([self._schema.field(i) for i in indices], self._schema.metadata)
        return Table(schema, [b.select(indices) for b in self._batches])

    def slice(self, offset=0, length=None):
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

    def to_pydict(self):
        return {name: self.column(name).to_pylist() for name in self._schema.names}

    def to_pylist(self):
        return [row for b in self._batches for row in b.to_pylist()]

    def to_reader(self):
        return RecordBatchReader.from_batches(self._schema, self._batches)

    def equals(self, other):
        return isinstance(other, Table) and self._schema == other._schema and (self.to_pydict() == other.to_pydict())

    def __eq__(self, other):
        return self.equals(other)

    __hash__ = None

    def __repr__(self):
        return "linq2pyarrow.arrow.Table\n%s\n----\n%d rows in %d batches" % (
            self._schema,
            self.num_rows,
            len(self._batches),
        )

    def __arrow_c_schema__(self):
        return self._schema.__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema=None):
        """A stream of this table's batches; *requested_schema* is accepted and ignored."""
        return self.to_reader().__arrow_c_stream__()


def table(data, schema=None, metadata=None):
    """``table({name: values})``, ``table([rows as dicts])`` or ``table(record_batch)``."""
    if isinstance(data, RecordBatch):
        return Table(data.schema, [data])
    if isinstance(data, dict):
        return Table.from_pydict(data, schema, metadata)
    return Table.from_pylist(list(data), schema, metadata)


def chunked_array(arrays, type=None):
    return ChunkedArray(arrays, type)


class RecordBatchReader:
    """A one-shot stream of record batches sharing one schema.

    Read it from Python (``read_next_batch``, iteration, ``read_all``) or export
    it once (``__arrow_c_stream__`` / ``_export_to_c``); either consumes it.
    """

    def __init__(self, schema, iterable):
        if not isinstance(schema, Schema):
            raise TypeError("schema must be a Schema, got %r" % type(schema).__name__)
        self._schema = schema
        self._iterator = iter(iterable)
        self._exported = False
        self.last_exception = None  # set when the iterable raised during a C export

    @staticmethod
    def from_batches(schema, batches):
        """Stream over *batches* (any iterable, pulled lazily)."""
        return RecordBatchReader(schema, batches)

    @property
    def schema(self):
        return self._schema

    def _take_iterator(self):
        if self._exported:
            raise ArrowInvalid("this RecordBatchReader was already exported or closed")
        self._exported = True
        return self._iterator

    def read_next_batch(self):
        if self._exported:
            raise ArrowInvalid("this RecordBatchReader was already exported or closed")
        batch = next(self._iterator)
        if isinstance(batch, RecordBatch) and batch.schema != self._schema:
            raise ArrowInvalid("batch schema does not match the stream schema")
        return batch

    def __iter__(self):
        return self

    def __next__(self):
        return self.read_next_batch()

    def read_all(self):
        return Table.from_batches(list(self), self._schema)

    def close(self):
        if not self._exported:
            self._exported = True
            close = getattr(self._iterator, "close", None)
            if close is not None:
                close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __arrow_c_schema__(self):
        return self._schema.__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema=None):
        """An ``arrow_array_stream`` capsule; *requested_schema* is accepted and ignored (best effort)."""
        return _cdata.new_capsule(_cdata.STREAM, lambda address: _stream.export_stream(self, address))

    def _export_to_c(self, out_ptr):
        """pyarrow < 14 style export into a caller-allocated ArrowArrayStream."""
        _stream.export_stream(self, out_ptr)
