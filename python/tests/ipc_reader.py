"""An independent reader of Arrow IPC streams, for the tests of linq2pyarrow.arrow.ipc.

It shares no code with the writer: its own flatbuffer table access and its own walk of the messages. It reads
what the tests check (message framing and alignment, schema fields and types, record batch nodes and buffers) and
decodes int64 and utf8 columns; it asserts the format's invariants and raises AssertionError when one is broken.
"""
import struct

CONTINUATION = 0xFFFFFFFF
HEADERS = {1: "schema", 2: "dictionary", 3: "record_batch"}


class Table:
    """A flatbuffer table at *position* of *data*."""

    def __init__(self, data, position):
        assert position % 4 == 0, "table at %d is not 4-aligned" % position
        self.data, self.position = data, position
        (soffset,) = struct.unpack_from("<i", data, position)
        self.vtable = position - soffset
        assert self.vtable % 2 == 0
        self.vtable_size, self.inline_size = struct.unpack_from("<HH", data, self.vtable)

    def _field(self, slot):
        if 4 + 2 * slot >= self.vtable_size:
            return None
        (offset,) = struct.unpack_from("<H", self.data, self.vtable + 4 + 2 * slot)
        return None if offset == 0 else self.position + offset

    def scalar(self, slot, fmt, default=0):
        where = self._field(slot)
        if where is None:
            return default
        size = struct.calcsize(fmt)
        assert where % size == 0, "a %d-byte field at %d is not aligned" % (size, where)
        return struct.unpack_from("<" + fmt, self.data, where)[0]

    def _target(self, slot):
        where = self._field(slot)
        if where is None:
            return None
        (offset,) = struct.unpack_from("<I", self.data, where)
        return where + offset

    def table(self, slot):
        target = self._target(slot)
        return None if target is None else Table(self.data, target)

    def string(self, slot):
        target = self._target(slot)
        if target is None:
            return None
        (length,) = struct.unpack_from("<I", self.data, target)
        return bytes(self.data[target + 4 : target + 4 + length]).decode()

    def tables(self, slot):
        target = self._target(slot)
        if target is None:
            return []
        (count,) = struct.unpack_from("<I", self.data, target)
        result = []
        for i in range(count):
            (offset,) = struct.unpack_from("<I", self.data, target + 4 + 4 * i)
            result.append(Table(self.data, target + 4 + 4 * i + offset))
        return result

    def structs(self, slot, fmt):
        target = self._target(slot)
        if target is None:
            return []
        (count,) = struct.unpack_from("<I", self.data, target)
        size = struct.calcsize("<" + fmt)
        assert (target + 4) % 8 == 0, "struct vector elements are not 8-aligned"
        return [struct.unpack_from("<" + fmt, self.data, target + 4 + size * i) for i in range(count)]


class Message:
    def __init__(self, kind, header, body):
        self.kind, self.header, self.body = kind, header, body


def messages(stream):
    """The messages of an IPC stream; checks framing, alignment and the end-of-stream marker."""
    position, result = 0, []
    while True:
        assert position % 8 == 0, "message at %d is not 8-aligned" % position
        marker, length = struct.unpack_from("<Ii", stream, position)
        assert marker == CONTINUATION, "no continuation marker at %d" % position
        if length == 0:
            assert position + 8 == len(stream), "bytes after the end-of-stream marker"
            return result
        assert length % 8 == 0, "metadata length %d is not a multiple of 8" % length
        metadata = stream[position + 8 : position + 8 + length]
        (root,) = struct.unpack_from("<I", metadata, 0)
        message = Table(metadata, root)
        assert message.scalar(0, "h") == 4, "not metadata version V5"
        kind = HEADERS[message.scalar(1, "B")]
        body_length = message.scalar(3, "q")
        assert body_length % 8 == 0
        start = position + 8 + length
        result.append(Message(kind, message.table(2), stream[start : start + body_length]))
        position = start + body_length


def schema_fields(message):
    """[(name, type union id, nullable, dictionary id or None)] of a schema message."""
    return [
        (f.string(0), f.scalar(2, "B"), f.scalar(1, "?"), None if f.table(4) is None else f.table(4).scalar(0, "q"))
        for f in message.header.tables(1)
    ]


def batch_layout(message):
    """(length, nodes [(length, nulls)], buffers [bytes]) of a record batch (or a dictionary batch's data)."""
    header = message.header if message.kind == "record_batch" else message.header.table(1)
    buffers = []
    for offset, length in header.structs(2, "qq"):
        assert offset % 8 == 0, "buffer at body offset %d is not 8-aligned" % offset
        assert offset + length <= len(message.body), "buffer outside the body"
        buffers.append(bytes(message.body[offset : offset + length]))
    return header.scalar(0, "q"), header.structs(1, "qq"), buffers


def int64_values(validity, values, length, nulls):
    decoded = struct.unpack("<%dq" % length, values[: 8 * length])
    return [None if nulls and not (validity[i // 8] >> (i % 8)) & 1 else decoded[i] for i in range(length)]


def utf8_values(validity, offsets, data, length, nulls):
    bounds = struct.unpack("<%di" % (length + 1), offsets[: 4 * (length + 1)])
    return [
        None if nulls and not (validity[i // 8] >> (i % 8)) & 1 else data[bounds[i] : bounds[i + 1]].decode()
        for i in range(length)
    ]
