"""Encodes Arrow PyCapsule objects (batches and streams from any producer) as IPC stream messages."""
import ctypes
import struct

from .. import _cdata
from ..errors import ArrowInvalid
from . import _flatbuf as fb
from ._body import walk_batch, walk_dictionary
from ._schema import read_schema, schema_message_body

_SCHEMA, _DICTIONARY_BATCH, _RECORD_BATCH = 1, 2, 3
_V5 = 4
EOS = struct.pack("<Ii", 0xFFFFFFFF, 0)


class Exported:
    """One record batch as C structs: its columns, the array's address and length, and what keeps it alive."""

    __slots__ = ("columns", "schema_key", "array_address", "length", "keepalive")

    def __init__(self, columns, schema_key, array_address, length, keepalive):
        self.columns = columns
        self.schema_key = schema_key
        self.array_address = array_address
        self.length = length
        self.keepalive = keepalive


class SchemaCodec:
    """Reads C schemas and encodes their Schema messages, remembering the last few (batches repeat them)."""

    def __init__(self):
        self._messages = {}

    def read(self, schema_address):
        """(columns, key) of the C schema; *key* identifies its Schema message for :meth:`message`."""
        columns, metadata = read_schema(schema_address)
        key = (tuple(_key(c) for c in columns), tuple(metadata))
        if key not in self._messages:
            if len(self._messages) >= 16:
                self._messages.clear()
            self._messages[key] = message(_SCHEMA, schema_message_body(columns, metadata), 0)
        return columns, key

    def message(self, key):
        return self._messages[key]


def _key(column):
    return (
        column.name,
        column.format,
        column.nullable,
        column.ordered,
        tuple(column.metadata),
        tuple(_key(c) for c in column.children),
        None if column.dictionary is None else _key(column.dictionary),
    )


def message(header_type, header, body_length):
    """An encapsulated message's prefix and metadata (continuation marker, length, flatbuffer padded to 8)."""
    metadata = fb.finish(fb.table([("i16", _V5), ("u8", header_type), ("off", header), ("i64", body_length)]))
    return struct.pack("<Ii", 0xFFFFFFFF, len(metadata)) + metadata


def exported_batches(obj, codec):
    """Yields :class:`Exported` for each record batch of *obj* (``__arrow_c_array__`` or ``__arrow_c_stream__``).

    Each one stays valid until the next is requested: encode it before advancing.
    """
    if hasattr(obj, "__arrow_c_array__"):
        schema_capsule, array_capsule = obj.__arrow_c_array__()
        schema_address = _cdata.capsule_pointer(schema_capsule, _cdata.SCHEMA)
        array_address = _cdata.capsule_pointer(array_capsule, _cdata.ARRAY)
        columns, key = codec.read(schema_address)
        array = _cdata.ArrowArray.from_address(array_address)
        yield Exported(columns, key, array_address, array.length, (schema_capsule, array_capsule))
        return
    if hasattr(obj, "__arrow_c_stream__"):
        yield from _stream_batches(obj.__arrow_c_stream__(), codec)
        return
    raise TypeError(
        "'%s' is not an Arrow record batch or stream (it implements neither __arrow_c_array__ nor "
        "__arrow_c_stream__)" % type(obj).__name__
    )


def _stream_batches(capsule, codec):
    stream = _cdata.ArrowArrayStream.from_address(_cdata.capsule_pointer(capsule, _cdata.STREAM))
    schema = _cdata.ArrowSchema()
    _check(stream, _cdata.GET_SCHEMA_FUNC(stream.get_schema)(ctypes.addressof(stream), ctypes.addressof(schema)))
    try:
        columns, key = codec.read(ctypes.addressof(schema))
        while True:
            array = _cdata.ArrowArray()
            _check(stream, _cdata.GET_NEXT_FUNC(stream.get_next)(ctypes.addressof(stream), ctypes.addressof(array)))
            if not array.release:
                return
            try:
                yield Exported(columns, key, ctypes.addressof(array), array.length, (capsule, array))
            finally:
                _cdata.RELEASE_FUNC(array.release)(ctypes.addressof(array))
    finally:
        if schema.release:
            _cdata.RELEASE_FUNC(schema.release)(ctypes.addressof(schema))


def _check(stream, code):
    if code:
        error = _cdata.GET_LAST_ERROR_FUNC(stream.get_last_error)(ctypes.addressof(stream))
        text = ctypes.string_at(error).decode("utf-8", "replace") if error else "error %d" % code
        raise ArrowInvalid("the Arrow stream failed: %s" % text)


def encode_batch(exported, start=0, length=None):
    """(messages, nbytes): the dictionary batches and the record batch for rows [start, start + length)."""
    if length is None:
        length = exported.length - start
    body = walk_batch(exported.columns, exported.array_address, start, length)
    parts = []
    for dictionary_id, (column, array) in enumerate(body.dictionaries):
        parts.extend(_dictionary_batch(dictionary_id, column, array))
    parts.extend(_record_batch(_RECORD_BATCH, length, body, lambda table: table))
    return parts, sum(memoryview(p).nbytes for p in parts)


def _dictionary_batch(dictionary_id, column, array):
    body = walk_dictionary(column, array)
    if body.dictionaries:
        raise ArrowInvalid("%s: a dictionary whose values are dictionary-encoded" % column.describe())
    return _record_batch(
        _DICTIONARY_BATCH,
        array.length,
        body,
        lambda batch: fb.table([("i64", dictionary_id), ("off", batch), ("bool", False)]),
    )


def _record_batch(header_type, length, body, wrap):
    layout, parts, position = [], [], 0
    for buffer in body.buffers:
        size = memoryview(buffer).nbytes
        layout.append((position, size))
        if size:
            parts.append(buffer)
        padding = -size % 8
        if padding:
            parts.append(bytes(padding))
        position += size + padding
    nodes = struct.pack("<%dq" % (2 * len(body.nodes)), *[v for node in body.nodes for v in node])
    buffers = struct.pack("<%dq" % (2 * len(layout)), *[v for entry in layout for v in entry])
    batch = fb.table(
        [
            ("i64", length),
            ("off", fb.struct_vector(16, nodes)),
            ("off", fb.struct_vector(16, buffers)),
            None,  # no compression
            ("off", fb.int64_vector(body.variadic)) if body.variadic else None,
        ]
    )
    return [message(header_type, wrap(batch), position)] + parts
