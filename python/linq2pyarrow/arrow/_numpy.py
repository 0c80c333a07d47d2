"""numpy ndarray -> Array, zero-copy for native numeric and datetime64/timedelta64 data.

numpy is never imported here: if an ndarray reaches us, numpy is already loaded.
"""
import sys

from .array import Array
from . import _convert
from .buffer import Buffer
from .errors import ArrowInvalid
from . import types as t

__all__ = ["is_ndarray", "from_numpy"]

_NUMERIC = {
    "i1": t.int8,
    "i2": t.int16,
    "i4": t.int32,
    "i8": t.int64,
    "u1": t.uint8,
    "u2": t.uint16,
    "u4": t.uint32,
    "u8": t.uint64,
    "f2": t.float16,
    "f4": t.float32,
    "f8": t.float64,
}
_TIME_UNITS = ("s", "ms", "us", "ns")


def is_ndarray(obj):
    # getattr: while another thread is still importing numpy, sys.modules holds a partially initialized module
    # without ndarray; no object can be an ndarray before that attribute exists.
    ndarray = getattr(sys.modules.get("numpy"), "ndarray", None)
    return ndarray is not None and isinstance(obj, ndarray)


def _natural(arr, np):
    """(Arrow type, storage ndarray sharing arr's memory, NaT mask or None), or None."""
    kind, key = arr.dtype.kind, arr.dtype.kind + str(arr.dtype.itemsize)
    if kind in "iuf" and key in _NUMERIC:
        return _NUMERIC[key](), arr, None
    if kind == "b":
        return t.bool_(), arr, None
    if kind in "mM":
        unit = np.datetime_data(arr.dtype)[0]
        if unit in _TIME_UNITS:
            arrow_type = t.timestamp(unit) if kind == "M" else t.duration(unit)
            return arrow_type, arr.view(np.int64), np.isnat(arr)
    return None


def _numpy_dtype(data_type):
    for key, factory in _NUMERIC.items():
        if factory() == data_type:
            return key
    return None


def _validity(np, mask, length):
    """(validity Buffer or None, null count) from a boolean "is null" mask."""
    if mask is None or not mask.any():
        return None, 0
    if len(mask) != length:
        raise ArrowInvalid("mask length %d does not match array length %d" % (len(mask), length))
    valid = np.logical_not(mask).view(np.uint8)
    return Buffer(np.packbits(valid, bitorder="little")), int(mask.sum())


def _temporal_storage(arr, np, data_type):
    """(data_type, storage ndarray, NaT mask or None) for a temporal target type, zero-copy where it can."""
    storage = data_type._code  # "q" (64-bit) or "i" (date32, time32)
    if storage not in ("q", "i"):
        return None
    if arr.dtype.kind in "iu":  # the storage integers themselves
        wanted = np.dtype("int64" if storage == "q" else "int32")
        if arr.dtype != wanted and not np.can_cast(arr.dtype, wanted, "safe"):
            return None
        return data_type, arr if arr.dtype == wanted else arr.astype(wanted), None
    unit = getattr(data_type, "unit", None)
    if arr.dtype.kind == "M" and isinstance(data_type, t.TimestampType):
        converted = arr if np.datetime_data(arr.dtype)[0] == unit else arr.astype("datetime64[%s]" % unit)
        return data_type, converted.view(np.int64), np.isnat(arr)  # a time zone only labels UTC instants
    if arr.dtype.kind == "m" and isinstance(data_type, t.DurationType):
        converted = arr if np.datetime_data(arr.dtype)[0] == unit else arr.astype("timedelta64[%s]" % unit)
        return data_type, converted.view(np.int64), np.isnat(arr)
    if arr.dtype.kind == "M" and data_type == t.date32():
        return data_type, arr.astype("datetime64[D]").view(np.int64).astype(np.int32), np.isnat(arr)
    return None


def from_numpy(arr, data_type=None, mask=None):
    np = sys.modules["numpy"]
    if arr.ndim != 1:
        raise ArrowInvalid("only one-dimensional arrays can be converted")
    mask = None if mask is None else np.asarray(mask, dtype=bool)
    natural = _natural(arr, np)
    if natural is not None and data_type is not None and data_type != natural[0]:
        target = _numpy_dtype(data_type)
        if target is not None and arr.dtype.kind in "iuf":
            natural = (data_type, arr.astype("=" + target), None)
        else:
            natural = _temporal_storage(arr, np, data_type)
    elif natural is None and data_type is not None and arr.dtype.kind in "Mm":
        natural = _temporal_storage(arr, np, data_type)  # units numpy has and Arrow has not (days, ...)
    if natural is None:  # strings, objects, other units: go through Python objects
        values = arr.tolist()
        if mask is not None:
            values = [None if m else v for v, m in zip(values, mask)]
        return _convert.from_pylist(values, data_type)
    arrow_type, storage, nat = natural
    if not storage.dtype.isnative:
        storage = storage.astype(storage.dtype.newbyteorder("="))
    storage = np.ascontiguousarray(storage)  # no copy when already contiguous
    if nat is not None:
        mask = nat if mask is None else (mask | nat)
    validity, nulls = _validity(np, mask, len(storage))
    if arrow_type == t.bool_():
        data = Buffer(np.packbits(storage.view(np.uint8), bitorder="little"))
    else:
        data = Buffer(storage)
    return Array(arrow_type, len(storage), [validity, data], nulls)
