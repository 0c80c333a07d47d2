"""Python objects -> Arrow arrays: type inference and one builder per physical layout.

Speed matters here (sources build batches from Python lists), so every builder
hands the whole list to a C-implemented constructor -- ``array.array``,
``str.join``, ``bytes``, ``itertools.accumulate`` -- and only falls back to
per-element Python work when a None (or an unexpected value) makes that fail.
"""
import datetime
import decimal
import numbers
import operator
import struct as _struct
from array import array as _carray
from itertools import accumulate, chain, repeat

from .array import Array
from . import _temporal
from .buffer import Buffer, allocate_aligned, pack_bits
from .errors import ArrowCapacityError, ArrowInvalid, ArrowNotImplementedError, ArrowTypeError
from . import types as t

__all__ = ["from_pylist", "infer_type", "from_buffer"]

_NoneType = type(None)


def _split_nulls(values, fill):
    """(validity Buffer or None, null count, values with None replaced by *fill*)."""
    flags = bytes(map(operator.is_not, values, repeat(None)))
    nulls = len(values) - flags.count(1)
    if not nulls:
        return None, 0, values
    return Buffer(pack_bits(flags)), nulls, [fill if v is None else v for v in values]


def _map_non_null(convert, values):
    return [None if v is None else convert(v) for v in values]


def _build_null(values, data_type):
    if any(v is not None for v in values):
        raise ArrowInvalid("null arrays can only hold None")
    return Array(data_type, len(values), [], len(values))


def _build_bool(values, data_type):
    validity, nulls, _ = _split_nulls(values, False)
    data = pack_bits(bytes(map(bool, values)))  # bool(None) is False: null slots hold 0
    return Array(data_type, len(values), [validity, Buffer(data)], nulls)


def _fixed_data(values, code):
    if code == "e":  # no array.array typecode for half floats
        return _struct.pack("<%de" % len(values), *values)
    return _carray(code, values)


def _build_fixed(values, data_type):
    convert_all = _temporal.to_storage_list(data_type)
    converted = None if convert_all is None else convert_all(values)
    convert = None if converted is not None else _temporal.to_storage(data_type)
    if converted is not None:
        values = converted
    elif convert is not None:
        values = _map_non_null(convert, values)
    if isinstance(data_type, t.Decimal128Type):
        validity, nulls, filled = _split_nulls(values, 0)
        data = b"".join(map(operator.methodcaller("to_bytes", 16, "little", signed=True), filled))
        return Array(data_type, len(values), [validity, Buffer(data)], nulls)
    try:
        try:
            data, validity, nulls = _fixed_data(values, data_type._code), None, 0
        except (TypeError, _struct.error) as exc:
            validity, nulls, values = _split_nulls(values, 0)
            if not nulls:
                raise ArrowTypeError("cannot convert values to %s: %s" % (data_type, exc)) from None
            data = _fixed_data(values, data_type._code)
    except (OverflowError, _struct.error) as exc:
        raise ArrowInvalid("value out of range for %s: %s" % (data_type, exc)) from None
    return Array(data_type, len(values), [validity, Buffer(data)], nulls)


def _join(values, text):
    """(data bytes, byte length of each value)."""
    if not text:
        data = b"".join(values)
        lengths = list(map(len, values))
        if sum(lengths) != len(data):  # memoryviews whose len() counts items, not bytes
            values = [bytes(memoryview(v).cast("B")) for v in values]
            lengths = list(map(len, values))
        return data, lengths
    joined = "".join(values)
    if joined.isascii():  # one byte per character: lengths come straight from len()
        return joined.encode("ascii"), map(len, values)
    encoded = [v.encode("utf-8") for v in values]
    return b"".join(encoded), map(len, encoded)


def _build_binary(values, data_type):
    text = data_type in (t.string(), t.large_string())
    try:
        (data, lengths), validity, nulls = _join(values, text), None, 0
    except TypeError as exc:
        validity, nulls, values = _split_nulls(values, "" if text else b"")
        if not nulls:
            raise ArrowTypeError("cannot convert values to %s: %s" % (data_type, exc)) from None
        data, lengths = _join(values, text)
    try:
        offsets = _carray("i" if data_type._kind == "binary" else "q", accumulate(lengths, initial=0))
    except OverflowError:
        raise ArrowCapacityError("%s data exceeds 2 GiB; use the large_ variant" % data_type) from None
    return Array(data_type, len(values), [validity, Buffer(offsets), Buffer(data)], nulls)


def _build_list(values, data_type):
    validity, nulls, filled = _split_nulls(values, ())
    code = "i" if data_type._kind == "list" else "q"
    offsets = _carray(code, accumulate(map(len, filled), initial=0))
    child = from_pylist(list(chain.from_iterable(filled)), data_type.value_type)
    return Array(data_type, len(values), [validity, Buffer(offsets)], nulls, children=[child])


def _build_struct(values, data_type):
    validity, nulls, filled = _split_nulls(values, {})
    children = []
    for i, f in enumerate(data_type.fields):
        column = [row.get(f.name) if isinstance(row, dict) else row[i] for row in filled]
        children.append(from_pylist(column, f.type))
    return Array(data_type, len(values), [validity], nulls, children=children)


def _build_dictionary(values, data_type):
    index = {}
    codes = [None if v is None else index.setdefault(v, len(index)) for v in values]
    indices = _build_fixed(codes, data_type.index_type)
    dictionary = from_pylist(list(index), data_type.value_type)
    return Array(data_type, len(values), indices.buffers(), indices.null_count, dictionary=dictionary)


_BUILDERS = {
    "null": _build_null,
    "bool": _build_bool,
    "fixed": _build_fixed,
    "binary": _build_binary,
    "large_binary": _build_binary,
    "list": _build_list,
    "large_list": _build_list,
    "struct": _build_struct,
    "dictionary": _build_dictionary,
}
_FAST_TYPES = {int: t.int64(), float: t.float64(), str: t.string(), bytes: t.binary()}


def from_pylist(values, data_type=None):
    """Build an Array from a list of Python values (None is null)."""
    if data_type is not None:
        return _BUILDERS[data_type._kind](values, data_type)
    first = next((v for v in values if v is not None), None)
    guess = _FAST_TYPES.get(type(first))
    if guess is not None:
        try:  # the builder itself rejects values that do not fit the guess
            return _BUILDERS[guess._kind](values, guess)
        except (TypeError, ValueError, OverflowError, ArrowCapacityError):
            pass  # mixed or out-of-range values: infer from all of them
    data_type = infer_type(values)
    return _BUILDERS[data_type._kind](values, data_type)


# --- inference ----------------------------------------------------------------
def _category(cls):
    if cls is bool or (cls.__module__ == "numpy" and cls.__name__.startswith("bool")):
        return "bool"
    for base, name in (
        (datetime.datetime, "datetime"),
        (datetime.date, "date"),
        (datetime.time, "time"),
        (datetime.timedelta, "timedelta"),
        (decimal.Decimal, "decimal"),
        (str, "str"),
        ((bytes, bytearray, memoryview), "bytes"),
        (numbers.Integral, "int"),
        (numbers.Real, "float"),
        ((list, tuple), "list"),
        (dict, "dict"),
    ):
        if issubclass(cls, base):
            return name
    raise ArrowTypeError("cannot infer an Arrow type for Python values of type %s" % cls.__name__)


def _infer_int(values):
    low, high = min(values), max(values)
    if -(2**63) <= low and high < 2**63:
        return t.int64()
    if 0 <= low and high < 2**64:
        return t.uint64()
    raise ArrowInvalid("integer value out of range for int64 and uint64")


def _infer_datetime(values):
    aware = next((v for v in values if v.tzinfo is not None), None)
    return t.timestamp("us", None if aware is None else t.tz_name(aware.tzinfo, aware))


def _infer_decimal(values):
    whole = scale = 0
    for value in values:
        _, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int):
            raise ArrowInvalid("cannot store %s in a decimal128" % value)
        scale = max(scale, -exponent)
        whole = max(whole, len(digits) + exponent)
    if whole + scale > 38:
        raise ArrowInvalid("decimal values need precision %d > 38" % (whole + scale))
    return t.decimal128(max(whole + scale, 1), scale)


def _infer_struct(values):
    names = dict.fromkeys(key for row in values for key in row)
    return t.struct([(name, infer_type([row.get(name) for row in values])) for name in names])


_INFER = {
    "bool": lambda v: t.bool_(),
    "int": _infer_int,
    "float": lambda v: t.float64(),
    "str": lambda v: t.string(),
    "bytes": lambda v: t.binary(),
    "date": lambda v: t.date32(),
    "datetime": _infer_datetime,
    "time": lambda v: t.time64("us"),
    "timedelta": lambda v: t.duration("us"),
    "decimal": _infer_decimal,
    "dict": _infer_struct,
    "list": lambda v: t.list_(infer_type(list(chain.from_iterable(v)))),
}


def infer_type(values):
    """The Arrow type pyarrow would infer for a list of Python values."""
    classes = set(map(type, values))
    classes.discard(_NoneType)
    if not classes:
        return t.null()
    categories = {_category(cls) for cls in classes}
    if categories == {"int", "float"}:
        categories = {"float"}
    if len(categories) > 1:
        raise ArrowInvalid("cannot mix Python values of kinds %s in one array" % sorted(categories))
    return _INFER[categories.pop()]([v for v in values if v is not None])


# --- buffer-protocol objects ----------------------------------------------------
_SIGNED = {1: t.int8, 2: t.int16, 4: t.int32, 8: t.int64}
_UNSIGNED = {1: t.uint8, 2: t.uint16, 4: t.uint32, 8: t.uint64}


def _type_for_format(fmt, itemsize):
    if fmt in ("b", "h", "i", "l", "q", "n"):
        return _SIGNED[itemsize]()
    if fmt in ("B", "H", "I", "L", "Q", "N", "c"):
        return _UNSIGNED[itemsize]()
    if fmt in ("e", "f", "d"):
        return {"e": t.float16, "f": t.float32, "d": t.float64}[fmt]()
    if fmt == "?":
        return t.bool_()
    raise ArrowNotImplementedError("unsupported buffer format %r" % fmt)


def _mask_validity(mask, length):
    flags = bytes(map(operator.not_, mask))
    if len(flags) != length:
        raise ArrowInvalid("mask length %d does not match array length %d" % (len(flags), length))
    nulls = flags.count(0)
    return (Buffer(pack_bits(flags)) if nulls else None), nulls


def from_buffer(view, data_type=None, mask=None):
    """Array over a buffer-protocol object's memory, without copying when possible.

    The buffer's item format gives the type (``array('q')`` -> int64).  An
    explicit *data_type* with the same storage (int64 storage as timestamp, raw
    bytes as anything fixed-width) reinterprets the memory; other types convert
    the values.  Data is copied only when it is not C-contiguous, misaligned for
    its width, or boolean (Arrow packs booleans into bits).
    """
    fmt = view.format.lstrip("@=<")
    if view.ndim != 1 or fmt[:1] in (">", "!"):
        raise ArrowNotImplementedError("only one-dimensional native-endian buffers are supported")
    natural = _type_for_format(fmt, view.itemsize)
    data_type = data_type or natural
    raw_bytes = fmt in ("B", "b", "c")
    if data_type._kind == "bool" or data_type._kind != "fixed" or (data_type._code != natural._code and not raw_bytes):
        return (
            from_pylist(view.tolist(), data_type)
            if mask is None
            else from_pylist([None if m else v for v, m in zip(view.tolist(), mask)], data_type)
        )
    data = Buffer(view if view.c_contiguous else view.tobytes())
    if data.size % data_type._width:
        raise ArrowInvalid("buffer size %d is not a multiple of %s's width" % (data.size, data_type))
    if data.address % min(data_type._width, 8):
        data = allocate_aligned(data.view)
    length = data.size // data_type._width
    validity, nulls = (None, 0) if mask is None else _mask_validity(mask, length)
    return Array(data_type, length, [validity, data], nulls)
