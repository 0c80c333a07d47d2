"""Arrow arrays -> Python objects (``to_pylist``), read straight from the buffers."""
import struct as _struct

from . import _temporal
from .buffer import unpack_bits
from .types import Decimal128Type

__all__ = ["to_pylist"]


def _fixed_raw(view, code, width, offset, length):
    chunk = view[offset * width : (offset + length) * width]
    if code == "e":
        return list(_struct.unpack("<%de" % length, chunk))
    if code is None:  # decimal128: 16-byte little-endian two's complement
        data = chunk.tobytes()
        return [int.from_bytes(data[i : i + 16], "little", signed=True) for i in range(0, len(data), 16)]
    return chunk.cast(code).tolist()


def _offsets(arr, code):
    width = 4 if code == "i" else 8
    return _fixed_raw(arr._buffers[1].view, code, width, arr.offset, len(arr) + 1)


def _decode_binary(arr, text):
    offsets = _offsets(arr, "i" if arr.type._kind == "binary" else "q")
    start, end = offsets[0], offsets[-1]
    data = arr._buffers[2].view[start:end].tobytes()
    if start:
        offsets = [o - start for o in offsets]
    if text and data.isascii():  # byte offsets are character offsets
        data = data.decode("ascii")
        return [data[a:b] for a, b in zip(offsets, offsets[1:])]
    if text:
        return [data[a:b].decode("utf-8") for a, b in zip(offsets, offsets[1:])]
    return [data[a:b] for a, b in zip(offsets, offsets[1:])]


def _decode_list(arr):
    offsets = _offsets(arr, "i" if arr.type._kind == "list" else "q")
    start = offsets[0]
    values = arr._children[0].slice(start, offsets[-1] - start).to_pylist()
    return [values[a - start : b - start] for a, b in zip(offsets, offsets[1:])]


def _decode_struct(arr):
    # A struct's offset applies to its children too (Arrow semantics).
    columns = [child.slice(arr.offset, len(arr)).to_pylist() for child in arr._children]
    names = [f.name for f in arr.type.fields]
    return [dict(zip(names, row)) for row in zip(*columns)] if columns else [{} for _ in range(len(arr))]


def _raw_values(arr):
    """(storage values ignoring validity, converter to apply to non-null values or None)."""
    data_type, kind = arr.type, arr.type._kind
    if kind == "null":
        return [None] * len(arr), None
    if kind == "bool":
        return list(map(bool, unpack_bits(arr._buffers[1].view, arr.offset, len(arr)))), None
    if kind in ("binary", "large_binary"):
        return _decode_binary(arr, data_type._format in ("u", "U")), None
    if kind in ("list", "large_list"):
        return _decode_list(arr), None
    if kind == "struct":
        return _decode_struct(arr), None
    width = 16 if isinstance(data_type, Decimal128Type) else data_type._width
    raw = _fixed_raw(arr._buffers[1].view, data_type._code, width, arr.offset, len(arr))
    if kind == "dictionary":
        return raw, arr._dictionary.to_pylist().__getitem__
    return raw, _temporal.from_storage(data_type)


def to_pylist(arr):
    values, convert = _raw_values(arr)
    if arr.type._kind != "null" and arr.null_count:
        flags = unpack_bits(arr._buffers[0].view, arr.offset, len(arr))
        values = [v if valid else None for v, valid in zip(values, flags)]
    if convert is not None:  # after masking: null slots may hold garbage that does not convert
        values = [None if v is None else convert(v) for v in values]
    return values
