"""Reads an Arrow C Data Interface schema (any producer's) into columns, and writes it as an IPC Schema.

A :class:`Column` records what the body writer needs (the physical layout of the column's buffers) and
what the Schema message needs (the logical type as a flatbuffer table).  Formats are those of the C
Data Interface specification; types IPC cannot carry without a conversion this writer does not do
(unions, run-end encoding) raise :class:`~linq2pyarrow.arrow.errors.ArrowNotImplementedError` naming the
column, so a worker can say which column needs pyarrow.
"""
import ctypes
import struct

from .._cdata import FLAG_DICTIONARY_ORDERED, FLAG_MAP_KEYS_SORTED, FLAG_NULLABLE, ArrowSchema
from ..errors import ArrowInvalid, ArrowNotImplementedError
from . import _flatbuf as fb

# Type union ids (Schema.fbs)
_NULL, _INT, _FLOAT, _BINARY, _UTF8, _BOOL, _DECIMAL, _DATE, _TIME, _TIMESTAMP, _INTERVAL = range(1, 12)
_LIST, _STRUCT, _UNION, _FIXED_BINARY, _FIXED_LIST, _MAP, _DURATION = range(12, 19)
_LARGE_BINARY, _LARGE_UTF8, _LARGE_LIST, _RUN_END, _BINARY_VIEW, _UTF8_VIEW = range(19, 25)
_UNITS = {"s": 0, "m": 1, "u": 2, "n": 3}
_EMPTY = fb.table([])

# format -> (layout, byte width, type union id, type table)
_INTEGERS = {
    "c": (1, True),
    "C": (1, False),
    "s": (2, True),
    "S": (2, False),
    "i": (4, True),
    "I": (4, False),
    "l": (8, True),
    "L": (8, False),
}
_SIMPLE = {
    "n": ("null", 0, _NULL, _EMPTY),
    "b": ("bool", 0, _BOOL, _EMPTY),
    "e": ("fixed", 2, _FLOAT, fb.table([("i16", 0)])),
    "f": ("fixed", 4, _FLOAT, fb.table([("i16", 1)])),
    "g": ("fixed", 8, _FLOAT, fb.table([("i16", 2)])),
    "z": ("binary", 0, _BINARY, _EMPTY),
    "Z": ("large_binary", 0, _LARGE_BINARY, _EMPTY),
    "u": ("binary", 0, _UTF8, _EMPTY),
    "U": ("large_binary", 0, _LARGE_UTF8, _EMPTY),
    "vz": ("view", 0, _BINARY_VIEW, _EMPTY),
    "vu": ("view", 0, _UTF8_VIEW, _EMPTY),
    "tdD": ("fixed", 4, _DATE, fb.table([("i16", 0)])),
    "tdm": ("fixed", 8, _DATE, fb.table([("i16", 1)])),
    "tts": ("fixed", 4, _TIME, fb.table([("i16", 0), ("i32", 32)])),
    "ttm": ("fixed", 4, _TIME, fb.table([("i16", 1), ("i32", 32)])),
    "ttu": ("fixed", 8, _TIME, fb.table([("i16", 2), ("i32", 64)])),
    "ttn": ("fixed", 8, _TIME, fb.table([("i16", 3), ("i32", 64)])),
    "tiM": ("fixed", 4, _INTERVAL, fb.table([("i16", 0)])),
    "tiD": ("fixed", 8, _INTERVAL, fb.table([("i16", 1)])),
    "tin": ("fixed", 16, _INTERVAL, fb.table([("i16", 2)])),
    "+l": ("list", 0, _LIST, _EMPTY),
    "+L": ("large_list", 0, _LARGE_LIST, _EMPTY),
    "+s": ("struct", 0, _STRUCT, _EMPTY),
}
for _code, (_width, _signed) in _INTEGERS.items():
    _SIMPLE[_code] = ("fixed", _width, _INT, fb.table([("i32", 8 * _width), ("bool", _signed)]))


class Column:
    """One field of a C schema: name, nullability, metadata, physical layout, IPC type, children, dictionary."""

    __slots__ = (
        "name",
        "format",
        "nullable",
        "metadata",
        "layout",
        "width",
        "type_id",
        "type_table",
        "children",
        "dictionary",
        "ordered",
    )

    def describe(self):
        return "column %r (Arrow format %r)" % (self.name, self.format)


def read_schema(address):
    """The columns of a top-level ``+s`` C schema at *address* (not released: the caller owns it)."""
    top = ArrowSchema.from_address(address)
    if not top.release:
        raise ArrowInvalid("the Arrow schema was already released")
    fmt = ctypes.string_at(top.format).decode() if top.format else ""
    if fmt != "+s":
        raise ArrowInvalid("a record batch schema must be a struct ('+s'), not %r" % fmt)
    return [_column(child) for child in _children(top)], _metadata(top.metadata)


def _children(schema):
    if not schema.n_children:
        return []
    pointers = (ctypes.c_void_p * schema.n_children).from_address(schema.children)
    return [ArrowSchema.from_address(p) for p in pointers]


def _metadata(address):
    """C Data metadata (int32 count, then length-prefixed keys and values) as a list of (bytes, bytes)."""
    if not address:
        return []
    (count,) = struct.unpack("<i", ctypes.string_at(address, 4))
    position, pairs = 4, []
    for _ in range(count):
        item = []
        for _ in range(2):
            (length,) = struct.unpack("<i", ctypes.string_at(address + position, 4))
            item.append(ctypes.string_at(address + position + 4, length))
            position += 4 + length
        pairs.append((item[0], item[1]))
    return pairs


def _column(schema):
    column = Column()
    column.format = ctypes.string_at(schema.format).decode() if schema.format else ""
    column.name = ctypes.string_at(schema.name).decode("utf-8", "replace") if schema.name else ""
    column.nullable = bool(schema.flags & FLAG_NULLABLE)
    column.ordered = bool(schema.flags & FLAG_DICTIONARY_ORDERED)
    column.metadata = _metadata(schema.metadata)
    column.children = [_column(child) for child in _children(schema)]
    column.dictionary = None
    if schema.dictionary:
        column.dictionary = _column(ArrowSchema.from_address(schema.dictionary))
        if _has_dictionary(column.dictionary):
            raise ArrowNotImplementedError(
                "%s: nested dictionary encoding cannot be written as IPC" % column.describe()
            )
        if column.format not in _INTEGERS:
            raise ArrowInvalid("%s: a dictionary's index type must be an integer" % column.describe())
    _classify(column, schema.flags)
    return column


def _has_dictionary(column):
    return column.dictionary is not None or any(_has_dictionary(child) for child in column.children)


def _classify(column, flags):
    fmt = column.format
    if fmt in _SIMPLE:
        column.layout, column.width, column.type_id, column.type_table = _SIMPLE[fmt]
    elif fmt.startswith("w:"):
        column.layout, column.width = "fixed", int(fmt[2:])
        column.type_id, column.type_table = _FIXED_BINARY, fb.table([("i32", column.width)])
    elif fmt.startswith("+w:"):
        column.layout, column.width = "fixed_list", int(fmt[3:])
        column.type_id, column.type_table = _FIXED_LIST, fb.table([("i32", column.width)])
    elif fmt == "+m":
        column.layout, column.width = "list", 0
        column.type_id, column.type_table = _MAP, fb.table([("bool", bool(flags & FLAG_MAP_KEYS_SORTED))])
    elif fmt.startswith("d:"):
        parts = [int(p) for p in fmt[2:].split(",")]
        bits = parts[2] if len(parts) > 2 else 128
        column.layout, column.width = "fixed", bits // 8
        column.type_id, column.type_table = _DECIMAL, fb.table([("i32", parts[0]), ("i32", parts[1]), ("i32", bits)])
    elif fmt[:2] == "ts" and len(fmt) >= 4 and fmt[2] in _UNITS and fmt[3] == ":":
        unit, tz = fmt[2], fmt[4:]
        column.layout, column.width, column.type_id = "fixed", 8, _TIMESTAMP
        column.type_table = fb.table([("i16", _UNITS[unit]), ("off", fb.string(tz)) if tz else None])
    elif fmt[:2] == "tD" and len(fmt) == 3 and fmt[2] in _UNITS:
        column.layout, column.width = "fixed", 8
        column.type_id, column.type_table = _DURATION, fb.table([("i16", _UNITS[fmt[2]])])
    else:
        raise ArrowNotImplementedError(
            "%s: the dependency-free IPC writer does not support this type (unions, run-end encoded and view lists "
            "need pyarrow on the worker)" % column.describe()
        )
    if column.dictionary is not None:
        # The column's buffers are the indices; the IPC field carries the dictionary's value type.
        column.layout = "fixed"
        column.width = _INTEGERS[fmt][0]


def _key_values(pairs):
    return fb.table_vector([fb.table([("off", fb.string(k)), ("off", fb.string(v))]) for k, v in pairs])


def schema_message_body(columns, metadata):
    """The Schema table (Schema.fbs) for the columns; dictionary ids are assigned depth-first from 0."""
    counter = [0]
    fields = [_field(column, counter) for column in columns]
    return fb.table(
        [
            ("i16", 0),  # endianness: Little
            ("off", fb.table_vector(fields)),
            ("off", _key_values(metadata)) if metadata else None,
        ]
    )


def _field(column, counter):
    value = column.dictionary if column.dictionary is not None else column
    dictionary = None
    if column.dictionary is not None:
        width, signed = _INTEGERS[column.format]
        dictionary = fb.table(
            [
                ("i64", counter[0]),
                ("off", fb.table([("i32", 8 * width), ("bool", signed)])),
                ("bool", column.ordered),
                ("i16", 0),  # DenseArray
            ]
        )
        counter[0] += 1
    children = [_field(child, counter) for child in value.children]
    return fb.table(
        [
            ("off", fb.string(column.name)),
            ("bool", column.nullable),
            ("u8", value.type_id),
            ("off", value.type_table),
            ("off", dictionary) if dictionary is not None else None,
            ("off", fb.table_vector(children)),
            ("off", _key_values(column.metadata)) if column.metadata else None,
        ]
    )
