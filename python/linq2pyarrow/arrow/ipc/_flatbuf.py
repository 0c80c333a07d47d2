"""A minimal flatbuffer writer: just what the Arrow IPC metadata (Schema.fbs, Message.fbs) needs.

The usual flatbuffer builders write back to front.  This one writes front to back, which is simpler
and just as valid: an object's children always come after it (so every ``uoffset`` points forward, as
it must) and each table's vtable sits right before the table (``soffset`` may point either way).
Every scalar is aligned to its size relative to the buffer start, and the buffer start is 8-aligned
in the IPC stream, so readers that check alignment (Arrow C++'s verifier) accept it.

Objects to write are plain tuples built with the helpers below::

    table([("i16", 4), ("u8", 3), ("off", table(...)), None, ("i64", 120)])   # slots in schema order
    string("name"), table_vector([...]), struct_vector(16, packed_bytes), int64_vector([1, 2])
"""
import struct

_SIZES = {"bool": 1, "u8": 1, "i16": 2, "i32": 4, "i64": 8, "off": 4}
_FORMATS = {"bool": "<?", "u8": "<B", "i16": "<h", "i32": "<i", "i64": "<q"}


def table(slots):
    """A table: one entry per field id, ``None`` for an absent field, else ``(kind, value)``."""
    return ("table", slots)


def string(text):
    return ("string", text.encode() if isinstance(text, str) else bytes(text))


def table_vector(tables):
    return ("tables", tables)


def struct_vector(element_size, packed):
    """A vector of structs already packed little-endian (8-aligned, as FieldNode and Buffer are)."""
    return ("structs", (element_size, packed))


def int64_vector(values):
    return ("structs", (8, struct.pack("<%dq" % len(values), *values)))


def finish(root):
    """The flatbuffer bytes of *root* (a table), padded to a multiple of 8."""
    buf = bytearray(4)
    position = _write(buf, root)
    struct.pack_into("<I", buf, 0, position)
    _pad(buf, 8)
    return bytes(buf)


def _pad(buf, align, extra=0):
    """Pads so that ``len(buf) + extra`` is a multiple of *align*."""
    missing = -(len(buf) + extra) % align
    if missing:
        buf.extend(bytes(missing))


def _write(buf, obj):
    kind, value = obj
    if kind == "table":
        return _write_table(buf, value)
    if kind == "string":
        _pad(buf, 4)
        position = len(buf)
        buf.extend(struct.pack("<I", len(value)))
        buf.extend(value)
        buf.append(0)
        return position
    if kind == "tables":
        _pad(buf, 4)
        position = len(buf)
        buf.extend(struct.pack("<I", len(value)))
        slots = len(buf)
        buf.extend(bytes(4 * len(value)))
        for i, child in enumerate(value):
            child_position = _write(buf, child)
            struct.pack_into("<I", buf, slots + 4 * i, child_position - (slots + 4 * i))
        return position
    if kind == "structs":
        size, packed = value
        _pad(buf, 8, 4)  # the elements (after the 4-byte length) are 8-aligned
        position = len(buf)
        buf.extend(struct.pack("<I", len(packed) // size))
        buf.extend(packed)
        return position
    raise ValueError("unknown flatbuffer object kind %r" % (kind,))


def _write_table(buf, slots):
    # Inline layout: the soffset, then the fields largest first so each is aligned with little padding.
    present = [(slot, entry[0], entry[1]) for slot, entry in enumerate(slots) if entry is not None]
    present.sort(key=lambda field: -_SIZES[field[1]])
    offsets = {}
    inline = 4
    for slot, kind, _ in present:
        size = _SIZES[kind]
        inline += -inline % size
        offsets[slot] = inline
        inline += size
    inline += -inline % 4

    _pad(buf, 2)
    vtable = len(buf)
    buf.extend(struct.pack("<HH", 4 + 2 * len(slots), inline))
    buf.extend(struct.pack("<%dH" % len(slots), *(offsets.get(slot, 0) for slot in range(len(slots)))))
    _pad(buf, 8)  # table start 8-aligned: the field offsets above then align every scalar absolutely
    start = len(buf)
    buf.extend(bytes(inline))
    struct.pack_into("<i", buf, start, start - vtable)
    children = []
    for slot, kind, value in present:
        where = start + offsets[slot]
        if kind == "off":
            children.append((where, value))
        else:
            struct.pack_into(_FORMATS[kind], buf, where, value)
    for where, child in children:
        struct.pack_into("<I", buf, where, _write(buf, child) - where)
    return start
