"""Every kind of Arrow object a source may hand over, and objects that break the protocol.

``Kinds`` (option ``kind``) yields three batches of ``{"id": int64, "name": string}`` (ids 0-8) in one form:
  batch          linq2pyarrow.arrow RecordBatch (__arrow_c_array__)
  array_only     a wrapper exposing only __arrow_c_array__
  table          a Table per batch (__arrow_c_stream__)
  stream_only    a wrapper exposing only __arrow_c_stream__
  legacy_batch   a wrapper exposing only _export_to_c(array_ptr, schema_ptr) (pyarrow < 14 RecordBatch)
  legacy_stream  a wrapper exposing only _export_to_c(stream_ptr) and read_next_batch (pyarrow < 14 reader)
  mixed          a batch, then a stream of one batch, then a legacy batch
  return_stream  read_partition returns a RecordBatchReader itself instead of an iterator
  return_table   read_partition returns a Table itself
  return_batch   read_partition returns one RecordBatch (ids 0-2) instead of an iterator
and the broken ones:
  wrong_capsule        __arrow_c_array__ returns (schema capsule, schema capsule)
  wrong_stream_capsule __arrow_c_stream__ returns an arrow_array capsule
  not_a_capsule        __arrow_c_array__ returns (schema capsule, "text")
  not_a_tuple          __arrow_c_array__ returns a list
  unknown_object       yields a dict
  stream_error         a RecordBatchReader whose iterator raises after one batch
"""
from linq2pyarrow import arrow as pa

SCHEMA = pa.schema([pa.field("id", pa.int64()), pa.field("name", pa.string())])


def batches():
    for start in (0, 3, 6):
        ids = list(range(start, start + 3))
        yield pa.RecordBatch.from_pydict({"id": ids, "name": [f"n{i}" for i in ids]}, schema=SCHEMA)


class ArrayOnly:
    def __init__(self, batch):
        self._batch = batch

    def __arrow_c_array__(self, requested_schema=None):
        return self._batch.__arrow_c_array__(requested_schema)


class StreamOnly:
    def __init__(self, stream):
        self._stream = stream

    def __arrow_c_stream__(self, requested_schema=None):
        return self._stream.__arrow_c_stream__(requested_schema)


class LegacyBatch:
    """pyarrow < 14: RecordBatch._export_to_c(out_ptr, out_schema_ptr) and nothing else."""

    def __init__(self, batch):
        self._batch = batch

    @property
    def num_rows(self):  # like pyarrow's RecordBatch; tells a batch from a schema, which has _export_to_c too
        return self._batch.num_rows

    def _export_to_c(self, out_ptr, out_schema_ptr=0):
        self._batch._export_to_c(out_ptr, out_schema_ptr)


class LegacyStream:
    """pyarrow < 14: RecordBatchReader._export_to_c(out_ptr), recognised by read_next_batch."""

    def __init__(self, reader):
        self._reader = reader

    def read_next_batch(self):
        return self._reader.read_next_batch()

    def _export_to_c(self, out_ptr):
        self._reader._export_to_c(out_ptr)


class WrongCapsule:
    def __arrow_c_array__(self, requested_schema=None):
        return SCHEMA.__arrow_c_schema__(), SCHEMA.__arrow_c_schema__()


class WrongStreamCapsule:
    def __arrow_c_stream__(self, requested_schema=None):
        return next(batches()).__arrow_c_array__()[1]


class NotACapsule:
    def __arrow_c_array__(self, requested_schema=None):
        return SCHEMA.__arrow_c_schema__(), "text"


class NotATuple:
    def __arrow_c_array__(self, requested_schema=None):
        return list(next(batches()).__arrow_c_array__())


def failing():
    yield from list(batches())[:1]
    raise ValueError("the source's iterator broke")


class Kinds:
    def infer_schema(self, options):
        return SCHEMA

    def plan_partitions(self, options):
        return [{"kind": options["kind"]}]

    def read_partition(self, partition_spec, options):
        kind = options["kind"]
        if kind == "return_stream":
            return pa.RecordBatchReader.from_batches(SCHEMA, batches())
        if kind == "return_table":
            return pa.Table.from_batches(list(batches()), SCHEMA)
        if kind == "return_batch":
            return next(batches())
        return self._items(kind)

    def _items(self, kind):
        if kind == "mixed":
            parts = list(batches())
            yield parts[0]
            yield pa.RecordBatchReader.from_batches(SCHEMA, [parts[1]])
            yield LegacyBatch(parts[2])
            return
        single = {
            "wrong_capsule": WrongCapsule,
            "wrong_stream_capsule": WrongStreamCapsule,
            "not_a_capsule": NotACapsule,
            "not_a_tuple": NotATuple,
            "unknown_object": lambda: {"id": 1},
            "stream_error": lambda: pa.RecordBatchReader.from_batches(SCHEMA, failing()),
        }
        if kind in single:
            yield single[kind]()
            return
        for batch in batches():
            if kind == "batch":
                yield batch
            elif kind == "array_only":
                yield ArrayOnly(batch)
            elif kind == "table":
                yield pa.Table.from_batches([batch], SCHEMA)
            elif kind == "stream_only":
                yield StreamOnly(pa.RecordBatchReader.from_batches(SCHEMA, [batch]))
            elif kind == "legacy_batch":
                yield LegacyBatch(batch)
            elif kind == "legacy_stream":
                yield LegacyStream(pa.RecordBatchReader.from_batches(SCHEMA, [batch]))
            else:
                raise ValueError(f"unknown kind {kind!r}")
