"""An independent reader of Arrow C Data Interface structs, for the tests.

It shares no code with the producer: its own ctypes mirrors of abi.h, its own
format-string parser and decoders.  Reading checks the invariants the .NET
consumer relies on and raises AssertionError when one is broken.
"""
import ctypes
import datetime
import decimal
import struct
from ctypes import CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_void_p

RELEASE = CFUNCTYPE(None, c_void_p)


class CSchema(Structure):
    pass


CSchema._fields_ = [
    ("format", c_char_p),
    ("name", c_char_p),
    ("metadata", c_void_p),
    ("flags", c_int64),
    ("n_children", c_int64),
    ("children", POINTER(POINTER(CSchema))),
    ("dictionary", POINTER(CSchema)),
    ("release", c_void_p),
    ("private_data", c_void_p),
]


class CArray(Structure):
    pass


CArray._fields_ = [
    ("length", c_int64),
    ("null_count", c_int64),
    ("offset", c_int64),
    ("n_buffers", c_int64),
    ("n_children", c_int64),
    ("buffers", POINTER(c_void_p)),
    ("children", POINTER(POINTER(CArray))),
    ("dictionary", POINTER(CArray)),
    ("release", c_void_p),
    ("private_data", c_void_p),
]


class CStream(Structure):
    _fields_ = [
        ("get_schema", c_void_p),
        ("get_next", c_void_p),
        ("get_last_error", c_void_p),
        ("release", c_void_p),
        ("private_data", c_void_p),
    ]


GET_SCHEMA = CFUNCTYPE(c_int, c_void_p, c_void_p)
GET_NEXT = CFUNCTYPE(c_int, c_void_p, c_void_p)
GET_LAST_ERROR = CFUNCTYPE(c_char_p, c_void_p)

_get_pointer = ctypes.PYFUNCTYPE(c_void_p, ctypes.py_object, c_char_p)(("PyCapsule_GetPointer", ctypes.pythonapi))
_get_name = ctypes.PYFUNCTYPE(c_char_p, ctypes.py_object)(("PyCapsule_GetName", ctypes.pythonapi))


def capsule_pointer(capsule, name):
    """Struct address inside *capsule*, asserting the capsule name."""
    assert _get_name(capsule) == name.encode(), (_get_name(capsule), name)
    return _get_pointer(capsule, name.encode())


def release(address, cls):
    struct_ = cls.from_address(address)
    assert struct_.release, "releasing an already released struct"
    RELEASE(struct_.release)(address)
    assert not struct_.release, "release callback did not mark the struct released"


def move(address, cls):
    """Move a struct like a consumer would: copy the bytes, NULL the source's release."""
    copy = cls()
    ctypes.memmove(ctypes.addressof(copy), address, ctypes.sizeof(cls))
    cls.from_address(address).release = None
    return copy


def _metadata(address):
    if not address:
        return None

    def take(pos, n):
        return ctypes.string_at(address + pos, n), pos + n

    raw, pos = take(0, 4)
    result = {}
    for _ in range(struct.unpack("<i", raw)[0]):
        raw, pos = take(pos, 4)
        key, pos = take(pos, struct.unpack("<i", raw)[0])
        raw, pos = take(pos, 4)
        value, pos = take(pos, struct.unpack("<i", raw)[0])
        result[key] = value
    return result


def read_schema(address):
    """The ArrowSchema at *address* as nested dicts."""
    s = CSchema.from_address(address)
    assert s.release, "schema is released"
    assert s.format is not None
    children = [read_schema(ctypes.addressof(s.children[i].contents)) for i in range(s.n_children)]
    return {
        "format": s.format.decode(),
        "name": None if s.name is None else s.name.decode(),
        "metadata": _metadata(s.metadata),
        "flags": s.flags,
        "children": children,
        "dictionary": read_schema(ctypes.addressof(s.dictionary.contents)) if s.dictionary else None,
    }


_FIXED = {
    "c": "b",
    "C": "B",
    "s": "h",
    "S": "H",
    "i": "i",
    "I": "I",
    "l": "q",
    "L": "Q",
    "e": "e",
    "f": "f",
    "g": "d",
    "tdD": "i",
    "tdm": "q",
    "tts": "i",
    "ttm": "i",
    "ttu": "q",
    "ttn": "q",
}
_EPOCH = datetime.datetime(1970, 1, 1)
_PER_UNIT = {"s": "seconds", "m": "milliseconds", "u": "microseconds"}


def _delta(unit, value):
    if unit == "n":
        return datetime.timedelta(microseconds=value // 1000)
    return datetime.timedelta(**{_PER_UNIT[unit]: value})


def _fixed_spec(fmt):
    """(struct code, width, converter) for a fixed-width format, or None."""
    if fmt in _FIXED:
        code = _FIXED[fmt]
        width = struct.calcsize("<" + code)
        if fmt == "tdD":
            return code, width, lambda v: (_EPOCH + datetime.timedelta(days=v)).date()
        if fmt == "tdm":
            return code, width, lambda v: (_EPOCH + datetime.timedelta(milliseconds=v)).date()
        if fmt.startswith("tt"):
            return code, width, lambda v: (_EPOCH + _delta(fmt[2], v)).time()
        return code, width, None
    if fmt.startswith("ts"):
        tz = fmt[4:]
        base = _EPOCH if not tz else datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        assert fmt[3] == ":", fmt
        return "q", 8, lambda v: base + _delta(fmt[2], v)
    if fmt.startswith("tD"):
        return "q", 8, lambda v: _delta(fmt[2], v)
    if fmt.startswith("d:"):
        precision, scale = map(int, fmt[2:].split(","))
        context = decimal.Context(prec=100)
        return None, 16, lambda v: decimal.Decimal(v).scaleb(-scale, context)
    return None


def _expected_buffers(fmt):
    if fmt == "n":
        return 0
    if fmt == "+s":
        return 1
    if fmt in ("u", "z", "U", "Z"):
        return 3
    return 2  # bool, fixed width, lists, dictionary indices


def _bits(address, start, length):
    raw = ctypes.string_at(address, (start + length + 7) // 8)
    return [(raw[i >> 3] >> (i & 7)) & 1 for i in range(start, start + length)]


def _read_fixed(address, code, width, start, length):
    raw = ctypes.string_at(address + start * width, length * width)
    if code is None:
        return [int.from_bytes(raw[i : i + 16], "little", signed=True) for i in range(0, len(raw), 16)]
    return list(struct.unpack("<%d%s" % (length, code), raw))


def read_array(address, schema, start=0, length=None, check_alignment=True):
    """Decode the ArrowArray at *address* (logical rows [start, start+length))."""
    a = CArray.from_address(address)
    assert a.release, "array is released"
    fmt = schema["format"]
    n_buffers = _expected_buffers(fmt)
    assert a.n_buffers == n_buffers, (fmt, a.n_buffers)
    assert a.n_children == len(schema["children"]), (fmt, a.n_children)
    assert (schema["dictionary"] is None) == (not a.dictionary), fmt
    assert a.offset >= 0 and a.length >= 0
    if n_buffers:
        assert a.buffers, "buffers pointer is NULL"
    buffers = [a.buffers[i] for i in range(n_buffers)]
    for i, buffer in enumerate(buffers):
        if i > 0:
            assert buffer, "data buffer %d of %s is NULL" % (i, fmt)
        if buffer and check_alignment:
            assert buffer % 8 == 0, "buffer %d of %s is not 8-byte aligned" % (i, fmt)
    length = a.length if length is None else length
    first = a.offset + start
    # Validity, and the null_count invariant (checked over the whole array).
    if fmt != "n" and buffers[0]:
        all_valid = _bits(buffers[0], a.offset, a.length)
        assert a.null_count in (-1, all_valid.count(0)), (fmt, a.null_count, all_valid.count(0))
        valid = _bits(buffers[0], first, length)
    else:
        assert fmt == "n" or a.null_count in (0, -1) or a.length == 0, "no validity but null_count > 0"
        assert fmt != "n" or a.null_count in (-1, a.length)
        valid = [fmt != "n"] * length
    values, convert = _decode(a, fmt, schema, buffers, first, length, check_alignment)
    values = [v if ok else None for v, ok in zip(values, valid)]
    # Convert after masking: null slots may hold anything (numpy's NaT, garbage).
    return values if convert is None else [None if v is None else convert(v) for v in values]


def _decode(a, fmt, schema, buffers, first, length, check_alignment):
    """(values before masking, converter for non-null values or None)."""
    if fmt == "n":
        return [None] * length, None
    if fmt == "b":
        return [bool(b) for b in _bits(buffers[1], first, length)], None
    if schema["dictionary"] is not None:
        indices = _read_fixed(buffers[1], _FIXED[fmt], struct.calcsize(_FIXED[fmt]), first, length)
        dictionary = read_array(
            ctypes.addressof(a.dictionary.contents), schema["dictionary"], check_alignment=check_alignment
        )
        return indices, dictionary.__getitem__
    if fmt in ("u", "z", "U", "Z"):
        code = "i" if fmt in ("u", "z") else "q"
        offsets = _read_fixed(buffers[1], code, struct.calcsize(code), first, length + 1)
        assert offsets == sorted(offsets), "offsets are not monotonic"
        data = ctypes.string_at(buffers[2] + offsets[0], offsets[-1] - offsets[0]) if length else b""
        items = [data[x - offsets[0] : y - offsets[0]] for x, y in zip(offsets, offsets[1:])]
        return ([i.decode("utf-8") for i in items] if fmt in ("u", "U") else items), None
    if fmt in ("+l", "+L"):
        code = "i" if fmt == "+l" else "q"
        offsets = _read_fixed(buffers[1], code, struct.calcsize(code), first, length + 1)
        child_schema = schema["children"][0]
        child = ctypes.addressof(a.children[0].contents)
        values = read_array(child, child_schema, offsets[0], offsets[-1] - offsets[0], check_alignment)
        return [values[x - offsets[0] : y - offsets[0]] for x, y in zip(offsets, offsets[1:])], None
    if fmt == "+s":
        # The parent's offset applies to the children: logical row i is child row offset+i.
        columns = [
            read_array(ctypes.addressof(a.children[i].contents), s, first, length, check_alignment)
            for i, s in enumerate(schema["children"])
        ]
        names = [s["name"] for s in schema["children"]]
        return ([dict(zip(names, row)) for row in zip(*columns)] if columns else [{}] * length), None
    spec = _fixed_spec(fmt)
    assert spec is not None, "unknown format %r" % fmt
    code, width, convert = spec
    return _read_fixed(buffers[1], code, width, first, length), convert


def read_capsules(schema_capsule, array_capsule, **kwargs):
    """(schema dict, values) from an ``__arrow_c_array__`` capsule pair (not consumed)."""
    schema = read_schema(capsule_pointer(schema_capsule, "arrow_schema"))
    return schema, read_array(capsule_pointer(array_capsule, "arrow_array"), schema, **kwargs)


def read_exported(obj, **kwargs):
    """(schema dict, values) of ``obj.__arrow_c_array__()``; capsules are dropped afterwards."""
    schema_capsule, array_capsule = obj.__arrow_c_array__()
    return read_capsules(schema_capsule, array_capsule, **kwargs)


def read_stream(address):
    """Consume the ArrowArrayStream at *address*: (schema, [batch values], error or None).

    Every batch is released after reading; the stream is released at the end.
    """
    stream = CStream.from_address(address)
    schema_struct = CSchema()
    assert GET_SCHEMA(stream.get_schema)(address, ctypes.addressof(schema_struct)) == 0
    schema = read_schema(ctypes.addressof(schema_struct))
    release(ctypes.addressof(schema_struct), CSchema)
    batches, error = [], None
    while True:
        batch = CArray()
        batch.release = 12345  # garbage: the producer must set release = NULL at end of stream
        code = GET_NEXT(stream.get_next)(address, ctypes.addressof(batch))
        if code:
            error = (code, GET_LAST_ERROR(stream.get_last_error)(address).decode())
            break
        if not batch.release:
            break
        batches.append(read_array(ctypes.addressof(batch), schema))
        release(ctypes.addressof(batch), CArray)
    release(address, CStream)
    return schema, batches, error
