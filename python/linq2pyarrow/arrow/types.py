"""Arrow data types (the subset this producer supports) and their factories.

Each type knows its C Data Interface format string and its physical layout
(``_kind``), which drives the builders, decoders and buffer counts:

=============  ===========================================  =========
``_kind``      types                                        buffers
=============  ===========================================  =========
null           null                                         0
bool           bool                                         2
fixed          ints, floats, temporal, decimal128           2
binary         string, binary (int32 offsets)               3
large_binary   large_string, large_binary (int64 offsets)   3
list           list (int32 offsets, one child)              2
large_list     large_list (int64 offsets, one child)        2
struct         struct (one child per field)                 1
dictionary     dictionary (indices + dictionary array)      2
=============  ===========================================  =========
"""
from __future__ import annotations

import datetime
import struct as _struct
from typing import Any, Callable, ClassVar, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _cdata
from .errors import ArrowInvalid

__all__ = [
    "DataType",
    "TimestampType",
    "Time32Type",
    "Time64Type",
    "DurationType",
    "Decimal128Type",
    "ListType",
    "LargeListType",
    "StructType",
    "DictionaryType",
    "null",
    "bool_",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "float32",
    "float64",
    "string",
    "utf8",
    "large_string",
    "large_utf8",
    "binary",
    "large_binary",
    "date32",
    "date64",
    "time32",
    "time64",
    "timestamp",
    "duration",
    "decimal128",
    "list_",
    "large_list",
    "struct",
    "dictionary",
    "type_for_alias",
    "ensure_type",
    "tz_name",
    "Field",
    "TypeLike",
    "MetadataLike",
]

#: What a type argument accepts: a :class:`DataType` or its alias (``"int64"``, ``"string"``, ``"timestamp[us]"``).
TypeLike = Union["DataType", str]
#: Field and schema metadata: keys and values as ``str`` (UTF-8 encoded) or ``bytes``.
MetadataLike = Optional[Union[Mapping[str, Union[str, bytes]], Mapping[bytes, Union[str, bytes]]]]
#: A field's parts as ``Field``'s positional arguments: ``(name, type)`` and optionally nullable and metadata.
FieldLike = Union["Field", Tuple[Any, ...]]


class DataType:
    """An Arrow logical type.  Instances are immutable and compare by value."""

    __slots__ = ("_name", "_format", "_kind", "_code", "_width")

    def __init__(self, name: str, fmt: str, kind: str, code: Optional[str] = None, width: int = 0) -> None:
        self._name = name  # pyarrow's str(type)
        self._format = fmt  # C Data Interface format string
        self._kind = kind  # physical layout, see the module docstring
        self._code = code  # struct/array typecode of fixed-width values, if any
        self._width = width  # bytes per value for fixed-width types

    def _key(self) -> Tuple[Any, ...]:
        return (self._name,)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            other = type_for_alias(other) if other in _ALIASES else None
        return isinstance(other, DataType) and type(self) is type(other) and self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((type(self).__name__,) + self._key())

    def equals(self, other: object) -> bool:
        return self == other

    def __str__(self) -> str:
        return self._name

    def __repr__(self) -> str:
        return "DataType(%s)" % self

    @property
    def id(self) -> str:
        return self._name

    @property
    def bit_width(self) -> int:
        if self._kind == "bool":
            return 1
        if self._kind != "fixed":
            raise ValueError("Non-fixed width type")
        return self._width * 8

    @property
    def byte_width(self) -> int:
        return self.bit_width // 8

    @property
    def num_fields(self) -> int:
        return len(self._child_fields())

    def _child_fields(self) -> Tuple[Field, ...]:
        return ()

    def __arrow_c_schema__(self) -> object:
        return _as_field(self).__arrow_c_schema__()

    def _export_to_c(self, out_ptr: int) -> None:
        _cdata.export_schema(_as_field(self), out_ptr)


def _normalize_metadata(metadata: MetadataLike) -> Optional[Dict[bytes, bytes]]:
    if not metadata:
        return None

    def as_bytes(value: Union[str, bytes]) -> bytes:
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)

    return {as_bytes(k): as_bytes(v) for k, v in metadata.items()}


def _encode_metadata(metadata: Optional[Dict[bytes, bytes]]) -> Optional[bytes]:
    """C Data Interface metadata: int32 count, then (int32 length, bytes) per key and value."""
    if not metadata:
        return None
    parts = [_struct.pack("<i", len(metadata))]
    for key, value in metadata.items():
        parts += [_struct.pack("<i", len(key)), key, _struct.pack("<i", len(value)), value]
    return b"".join(parts)


class Field:
    """A named, typed column: ``field(name, type, nullable=True, metadata=None)``."""

    __slots__ = ("name", "type", "nullable", "metadata")

    def __init__(self, name: str, type: TypeLike, nullable: bool = True, metadata: MetadataLike = None) -> None:
        if not isinstance(name, str):
            raise TypeError("field name must be a str, got %r" % (name,))
        self.name = name
        self.type = ensure_type(type)
        self.nullable = bool(nullable)
        self.metadata = _normalize_metadata(metadata)

    def _key(self) -> Tuple[Any, ...]:
        return (self.name, self.type, self.nullable)

    def equals(self, other: object, check_metadata: bool = False) -> bool:
        return (
            isinstance(other, Field)
            and self._key() == other._key()
            and (not check_metadata or self.metadata == other.metadata)
        )

    def __eq__(self, other: object) -> bool:
        return self.equals(other)

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        return "%s: %s%s" % (self.name, self.type, "" if self.nullable else " not null")

    def __repr__(self) -> str:
        return "pyarrow.Field<%s>" % self

    def with_name(self, name: str) -> Field:
        return Field(name, self.type, self.nullable, self.metadata)

    def with_type(self, new_type: TypeLike) -> Field:
        return Field(self.name, new_type, self.nullable, self.metadata)

    def with_nullable(self, nullable: bool) -> Field:
        return Field(self.name, self.type, nullable, self.metadata)

    def with_metadata(self, metadata: MetadataLike) -> Field:
        return Field(self.name, self.type, self.nullable, metadata)

    def _c_schema_parts(self) -> Tuple[str, str, Optional[bytes], int, Tuple[Field, ...], Optional[Field]]:
        t = self.type
        flags = _cdata.FLAG_NULLABLE if self.nullable else 0
        dictionary = None
        if isinstance(t, DictionaryType):
            flags |= _cdata.FLAG_DICTIONARY_ORDERED if t.ordered else 0
            dictionary = Field("", t.value_type)
        return t._format, self.name, _encode_metadata(self.metadata), flags, t._child_fields(), dictionary

    def __arrow_c_schema__(self) -> object:
        return _cdata.new_capsule(_cdata.SCHEMA, lambda address: _cdata.export_schema(self, address))

    def _export_to_c(self, out_ptr: int) -> None:
        _cdata.export_schema(self, out_ptr)


def _as_field(data_type: DataType, name: str = "") -> Field:
    return Field(name, data_type)


_UNITS = ("s", "ms", "us", "ns")


def _check_unit(unit: str, allowed: Tuple[str, ...] = _UNITS) -> str:
    if unit not in allowed:
        raise ArrowInvalid("unit must be one of %s, got %r" % (", ".join(allowed), unit))
    return unit


class TimestampType(DataType):
    __slots__ = ("unit", "tz")

    def __init__(self, unit: str, tz: Optional[str] = None) -> None:
        self.unit = _check_unit(unit)
        self.tz = tz
        name = "timestamp[%s%s]" % (unit, "" if tz is None else ", tz=" + tz)
        super().__init__(name, "ts%s:%s" % (unit[0], tz or ""), "fixed", "q", 8)


class _UnitType(DataType):
    __slots__ = ("unit",)
    _prefix: ClassVar[str] = ""
    _fmt: ClassVar[str] = ""
    _units: ClassVar[Tuple[str, ...]] = ()
    _storage: ClassVar[str] = ""

    def __init__(self, unit: str) -> None:
        self.unit = _check_unit(unit, self._units)
        code = self._storage
        super().__init__("%s[%s]" % (self._prefix, unit), self._fmt + unit[0], "fixed", code, 4 if code == "i" else 8)


class Time32Type(_UnitType):
    __slots__ = ()
    _prefix, _fmt, _units, _storage = "time32", "tt", ("s", "ms"), "i"


class Time64Type(_UnitType):
    __slots__ = ()
    _prefix, _fmt, _units, _storage = "time64", "tt", ("us", "ns"), "q"


class DurationType(_UnitType):
    __slots__ = ()
    _prefix, _fmt, _units, _storage = "duration", "tD", _UNITS, "q"


class Decimal128Type(DataType):
    __slots__ = ("precision", "scale")

    def __init__(self, precision: int, scale: int = 0) -> None:
        if not 1 <= precision <= 38:
            raise ArrowInvalid("decimal128 precision must be between 1 and 38, got %r" % precision)
        self.precision, self.scale = precision, scale
        super().__init__("decimal128(%d, %d)" % (precision, scale), "d:%d,%d" % (precision, scale), "fixed", None, 16)


class ListType(DataType):
    __slots__ = ("value_field",)
    _prefix: ClassVar[str] = "list"
    _fmt: ClassVar[str] = "+l"
    _layout: ClassVar[str] = "list"

    def __init__(self, value_type: Union[Field, TypeLike]) -> None:
        self.value_field = value_type if isinstance(value_type, Field) else Field("item", value_type)
        super().__init__("%s<%s>" % (self._prefix, self.value_field), self._fmt, self._layout)

    @property
    def value_type(self) -> DataType:
        return self.value_field.type

    def _key(self) -> Tuple[Any, ...]:
        return (self._name, self.value_field)

    def _child_fields(self) -> Tuple[Field, ...]:
        return (self.value_field,)


class LargeListType(ListType):
    __slots__ = ()
    _prefix, _fmt, _layout = "large_list", "+L", "large_list"


class StructType(DataType):
    __slots__ = ("fields",)

    def __init__(self, fields: Iterable[FieldLike]) -> None:
        self.fields: Tuple[Field, ...] = tuple(f if isinstance(f, Field) else Field(*f) for f in fields)
        super().__init__("struct<%s>" % ", ".join(map(str, self.fields)), "+s", "struct")

    def _key(self) -> Tuple[Any, ...]:
        return (self.fields,)

    def _child_fields(self) -> Tuple[Field, ...]:
        return self.fields

    @property
    def names(self) -> List[str]:
        return [f.name for f in self.fields]

    def field(self, i: Union[int, str]) -> Field:
        if isinstance(i, str):
            return next(f for f in self.fields if f.name == i)
        return self.fields[i]

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)


class DictionaryType(DataType):
    __slots__ = ("index_type", "value_type", "ordered")
    index_type: DataType
    value_type: DataType
    ordered: bool

    def __init__(self, index_type: TypeLike, value_type: TypeLike, ordered: bool = False) -> None:
        index, value = ensure_type(index_type), ensure_type(value_type)
        if index not in _INDEX_TYPES:
            raise ArrowInvalid("dictionary index type must be an integer type, got %s" % index)
        self.index_type, self.value_type, self.ordered = index, value, bool(ordered)
        name = "dictionary<values=%s, indices=%s, ordered=%d>" % (value, index, ordered)
        super().__init__(name, index._format, "dictionary", index._code, index._width)

    def _key(self) -> Tuple[Any, ...]:
        return (self.index_type, self.value_type, self.ordered)


def _singleton(name: str, fmt: str, kind: str, code: Optional[str] = None, width: int = 0) -> Callable[[], DataType]:
    instance = DataType(name, fmt, kind, code, width)

    def factory() -> DataType:
        return instance

    factory.__doc__ = "The ``%s`` type (one shared instance)." % name
    return factory


null = _singleton("null", "n", "null")
bool_ = _singleton("bool", "b", "bool")
int8 = _singleton("int8", "c", "fixed", "b", 1)
int16 = _singleton("int16", "s", "fixed", "h", 2)
int32 = _singleton("int32", "i", "fixed", "i", 4)
int64 = _singleton("int64", "l", "fixed", "q", 8)
uint8 = _singleton("uint8", "C", "fixed", "B", 1)
uint16 = _singleton("uint16", "S", "fixed", "H", 2)
uint32 = _singleton("uint32", "I", "fixed", "I", 4)
uint64 = _singleton("uint64", "L", "fixed", "Q", 8)
float16 = _singleton("halffloat", "e", "fixed", "e", 2)
float32 = _singleton("float", "f", "fixed", "f", 4)
float64 = _singleton("double", "g", "fixed", "d", 8)
string = utf8 = _singleton("string", "u", "binary")
large_string = large_utf8 = _singleton("large_string", "U", "large_binary")
binary = _singleton("binary", "z", "binary")
large_binary = _singleton("large_binary", "Z", "large_binary")
date32 = _singleton("date32[day]", "tdD", "fixed", "i", 4)
date64 = _singleton("date64[ms]", "tdm", "fixed", "q", 8)
_INDEX_TYPES = (int8(), int16(), int32(), int64(), uint8(), uint16(), uint32(), uint64())


def time32(unit: str) -> Time32Type:
    """Time of day as int32 seconds (``"s"``) or milliseconds (``"ms"``)."""
    return Time32Type(unit)


def time64(unit: str) -> Time64Type:
    """Time of day as int64 microseconds (``"us"``) or nanoseconds (``"ns"``)."""
    return Time64Type(unit)


def timestamp(unit: str, tz: Union[str, datetime.tzinfo, None] = None) -> TimestampType:
    """``timestamp(unit, tz=None)``; *tz* may be a name (``"UTC"``, ``"+01:00"``) or a tzinfo."""
    return TimestampType(unit, tz if tz is None or isinstance(tz, str) else tz_name(tz))


def duration(unit: str) -> DurationType:
    """A time span as int64 ``"s"``, ``"ms"``, ``"us"`` or ``"ns"``."""
    return DurationType(unit)


def decimal128(precision: int, scale: int = 0) -> Decimal128Type:
    """A 128-bit decimal of *precision* digits (1 to 38), *scale* of them after the point."""
    return Decimal128Type(precision, scale)


def list_(value_type: Union[Field, TypeLike]) -> ListType:
    """A list of *value_type* (a type, an alias or a Field naming the item), with int32 offsets."""
    return ListType(ensure_type(value_type) if isinstance(value_type, (str, DataType)) else value_type)


def large_list(value_type: Union[Field, TypeLike]) -> LargeListType:
    """As :func:`list_`, with int64 offsets."""
    return LargeListType(ensure_type(value_type) if isinstance(value_type, (str, DataType)) else value_type)


def struct(fields: Union[Iterable[FieldLike], Mapping[str, TypeLike]]) -> StructType:
    """``struct([field, ...])`` or ``struct([(name, type), ...])`` or ``struct({name: type})``."""
    return StructType(fields.items() if isinstance(fields, Mapping) else fields)


def dictionary(index_type: TypeLike, value_type: TypeLike, ordered: bool = False) -> DictionaryType:
    """Dictionary-encoded *value_type* values, indexed by the integer type *index_type*."""
    return DictionaryType(index_type, value_type, ordered)


_ALIASES: Dict[str, Callable[[], DataType]] = {
    "null": null,
    "bool": bool_,
    "boolean": bool_,
    "int8": int8,
    "int16": int16,
    "int32": int32,
    "int64": int64,
    "uint8": uint8,
    "uint16": uint16,
    "uint32": uint32,
    "uint64": uint64,
    "halffloat": float16,
    "float16": float16,
    "float": float32,
    "float32": float32,
    "double": float64,
    "float64": float64,
    "string": string,
    "str": string,
    "utf8": string,
    "large_string": large_string,
    "large_str": large_string,
    "large_utf8": large_string,
    "binary": binary,
    "large_binary": large_binary,
    "date32": date32,
    "date32[day]": date32,
    "date64": date64,
    "date64[ms]": date64,
}


def type_for_alias(name: str) -> DataType:
    """The type named *name* (``"int64"``, ``"string"``, ``"timestamp[us]"`` ...)."""
    if name in _ALIASES:
        return _ALIASES[name]()
    with_unit: Tuple[Tuple[str, Callable[[str], DataType]], ...] = (
        ("timestamp", timestamp),
        ("time32", time32),
        ("time64", time64),
        ("duration", duration),
    )
    for prefix, factory in with_unit:
        if name.startswith(prefix + "[") and name.endswith("]"):
            return factory(name[len(prefix) + 1 : -1])
    raise ValueError("No type alias for %s" % name)


def ensure_type(value: TypeLike) -> DataType:
    """*value* itself when it is a DataType, else the type its alias names (TypeError for anything else)."""
    if isinstance(value, DataType):
        return value
    if isinstance(value, str):
        return type_for_alias(value)
    raise TypeError("expected a DataType, got %r" % (value,))


def tz_name(tzinfo: datetime.tzinfo, at: Optional[datetime.datetime] = None) -> str:
    """Arrow timezone string for a tzinfo: an IANA name when known, else a fixed ``+HH:MM`` offset."""
    if tzinfo is datetime.timezone.utc:
        return "UTC"
    for attribute in ("key", "zone"):  # zoneinfo.ZoneInfo, pytz
        name = getattr(tzinfo, attribute, None)
        if isinstance(name, str):
            return name
    offset = tzinfo.utcoffset(at)
    if offset is None:
        raise ArrowInvalid("cannot determine the UTC offset of %r" % (tzinfo,))
    sign = "-" if offset < datetime.timedelta(0) else "+"
    minutes = abs(offset) // datetime.timedelta(minutes=1)
    return "%s%02d:%02d" % (sign, minutes // 60, minutes % 60)
